// Receipts end to end in the core: an order laid out for 58 and 80 mm paper, encoded to ESC/POS,
// and read back by an independent reader (GB18030 through iconv-lite) as a printer would print it.
import fc from 'fast-check';
import iconv from 'iconv-lite';
import {
  amountAt,
  charColumns,
  columnsOf,
  fenToDecimal,
  encodeGb,
  encodeReceipt,
  layoutReceipt,
  paperColumns,
  spreadColumns,
  tableRow,
  voidOrder,
  wrapColumns,
  type OrderLine,
  type PaperWidth,
  type ReceiptDocument,
} from '@pos/shared';
import { readEscPos, EscPosReadError } from '../support/escpos-reader';
import {
  receiptFixtureContext,
  receiptFixtureOrder,
  receiptFixtureQr,
} from '../support/receipt-fixture';
import { cashTender } from '../../shared/tenders';
import { line, order, wechat } from './fixtures';

const papers: PaperWidth[] = ['58mm', '80mm'];
const textOf = (document: ReceiptDocument) =>
  document.blocks.flatMap((block) => (block.kind === 'text' ? [block.text] : []));

describe('the printer code page (GB18030, two-byte part)', () => {
  it('encodes Chinese, full-width punctuation and ASCII so that iconv-lite decodes it back', () => {
    const text = '拿铁 Latte ×2，合计：36.00元（会员价）€ é ·';
    const bytes = encodeGb(text);
    expect(iconv.decode(Buffer.from(bytes), 'gb18030')).toBe(text);
    expect(iconv.decode(Buffer.from(bytes), 'gbk')).toBe(text);
    expect([...encodeGb('拿')]).toEqual([...iconv.encode('拿', 'gb18030')]);
  });

  it('counts a column per byte: the width a GB printer really prints', () => {
    for (const char of '拿，（€é·×')
      expect(`${char}:${charColumns(char)}`).toBe(
        `${char}:${iconv.encode(char, 'gb18030').length}`,
      );
    expect(charColumns('a')).toBe(1);
    expect(columnsOf('拿铁 x2')).toBe(7);
  });

  it('prints a question mark of the same width for what GBK lacks, and never a control byte', () => {
    expect(iconv.decode(Buffer.from(encodeGb('咖啡☕')), 'gb18030')).toBe('咖啡？');
    expect(columnsOf('☕ñ')).toBe(4);
    expect([...encodeGb('坏\x1b@名\n')]).not.toContain(0x1b);
    expect(iconv.decode(Buffer.from(encodeGb('a\x1b@\n')), 'gb18030')).toBe('a @ ');
  });
});

describe('columns', () => {
  it('wraps without ever passing the width or splitting a character, losing nothing', () => {
    const charArb = fc.constantFrom(...'拿铁咖啡，。ab1 2（）·x');
    fc.assert(
      fc.property(
        fc.array(charArb, { maxLength: 80 }),
        fc.integer({ min: 2, max: 48 }),
        (chars, width) => {
          const text = chars.join('');
          const lines = wrapColumns(text, width);
          for (const line of lines) expect(columnsOf(line)).toBeLessThanOrEqual(width);
          expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
        },
      ),
    );
  });

  it('moves a two-column character that does not fit to the next line', () => {
    expect(wrapColumns('a拿铁', 4)).toEqual(['a拿', '铁']);
    expect(wrapColumns('拿铁咖', 5)).toEqual(['拿铁', '咖']);
  });

  it('keeps Latin words whole when the line has a space to break at', () => {
    expect(wrapColumns('Nongfu Spring 550ml', 16)).toEqual(['Nongfu Spring', '550ml']);
  });

  it('lines table cells up in their columns and refuses one wider than its column, never cutting it', () => {
    expect(tableRow(['拿铁', '2', '18.00'], [8, 4, 8], ['left', 'right', 'right'])).toBe(
      '拿铁       2   18.00',
    );
    expect(() => tableRow(['燕窝', '18800.00/kg'], [6, 10], ['left', 'right'])).toThrow(RangeError);
  });

  it('spreads a label and an amount over the line, wrapping the label when they collide', () => {
    expect(spreadColumns('应付', '57.40', 16)).toEqual(['应付       57.40']);
    const tight = spreadColumns('有机红富士苹果精选大果', '9.41', 16);
    expect(tight.every((l) => columnsOf(l) === 16)).toBe(true);
    expect(tight[tight.length - 1].endsWith('9.41')).toBe(true);
  });
});

describe.each(papers)('the receipt on %s paper', (paper) => {
  const fixture = receiptFixtureOrder();
  const document = layoutReceipt(fixture, receiptFixtureContext, paper);
  const lines = textOf(document);

  it('fits every line in the paper’s columns (half of them for double-width text)', () => {
    expect(document.columns).toBe(paperColumns[paper]);
    for (const block of document.blocks) {
      if (block.kind !== 'text') continue;
      const width = block.wide ? document.columns / 2 : document.columns;
      expect(`${columnsOf(block.text)} <= ${width}: ${block.text}`).toBe(
        `${Math.min(columnsOf(block.text), width)} <= ${width}: ${block.text}`,
      );
    }
  });

  it('calls a total rounded up (half-up 抹零 rules add money) 凑整, not 抹零', () => {
    const roundedUp = { ...fixture, rounding: 4, total: fixture.total + 5 };
    const upLines = textOf(layoutReceipt(roundedUp, receiptFixtureContext, paper));
    const row = (label: string) => upLines.find((l) => l.startsWith(label))?.replace(/\s+/g, ' ');
    expect(row('凑整')).toBe('凑整 +0.04');
    expect(row('抹零')).toBeUndefined();
  });

  it('prints the store, order number, business day, time, cashier, lines, totals, tenders and member', () => {
    const all = lines.join('\n');
    for (const expected of [
      '街角咖啡便利店',
      '单号: T1-1122-0042',
      '营业日: 2026-11-22',
      '时间: 2026-11-22 14:03:05',
      '收银员: 王芳',
      '拿铁',
      '会员价',
      '改价 原价 12.00',
      '0.735kg',
      '12.80/kg',
      '会员: 张三 138****8000',
      '谢谢惠顾',
      '扫码查看电子小票',
    ])
      expect(all).toContain(expected);
    // The long name is all there, wrapped over lines without a character lost.
    expect(lines.join('')).toContain('有机红富士苹果');
    const name = fixture.lines[1].name;
    const nameWidth = paper === '80mm' ? 19 : 32;
    for (const piece of wrapColumns(name, nameWidth)) expect(all).toContain(piece);
    const row = (label: string) => lines.find((l) => l.startsWith(label))?.replace(/\s+/g, ' ');
    expect(row('商品合计')).toBe('商品合计 61.41');
    expect(row('单品优惠')).toBe('单品优惠 -1.00');
    expect(row('整单优惠')).toBe('整单优惠 -3.00');
    expect(row('抹零')).toBe('抹零 -0.01');
    expect(row('凑整')).toBeUndefined();
    expect(row('应付')).toBe(`应付 ${(fixture.total / 100).toFixed(2)}`);
    expect(row('微信支付')).toBe('微信支付 20.00');
    expect(row('现金')).toBe('现金 37.40');
    expect(row('找零')).toBe('找零 12.60');
    expect(row('本单积分')).toBe('本单积分 +57');
    expect(row('储值余额')).toBe('储值余额 88.00');
  });

  it('reads back from the ESC/POS bytes as the same lines, styles, QR code, drawer kick and cut', () => {
    const printout = readEscPos(encodeReceipt(document));
    expect(printout.chineseModeUsed).toBe(true);
    const printed = printout.lines.map((l) => l.text).filter((t) => t !== '');
    expect(printed).toEqual(lines.filter((t) => t !== ''));

    const storeName = printout.lines.find((l) => l.text.includes('街角咖啡便利店'))!;
    expect(storeName).toMatchObject({ bold: true, width: 2, height: 2 });
    const total = printout.lines.find((l) => l.text.startsWith('应付'))!;
    expect(total).toMatchObject({ bold: true, width: 1, height: 2 });
    const body = printout.lines.find((l) => l.text.startsWith('营业日'))!;
    expect(body).toMatchObject({ bold: false, width: 1, height: 1 });

    expect(printout.qrCodes).toEqual([
      expect.objectContaining({ data: receiptFixtureQr, model: 2, errorLevel: 'M' }),
    ]);
    expect(printout.drawerKicks).toBe(1);
    expect(printout.cuts).toBe(1);
    // The drawer opens first (change is ready while it prints); the cut ends the job, after the
    // paper is fed past the cutter (blank lines between the footer and the cut).
    expect(printout.events[0].kind).toBe('drawer');
    const kinds = printout.events.map((e) =>
      e.kind === 'line' && e.line.text === '' ? 'feed' : e.kind,
    );
    const cutAt = kinds.indexOf('cut');
    expect(printout.events[cutAt]).toEqual({ kind: 'cut', partial: true });
    expect(kinds.slice(cutAt + 1).every((kind) => kind === 'feed')).toBe(true);
    expect(kinds.slice(cutAt - 4, cutAt)).toEqual(['feed', 'feed', 'feed', 'feed']);
  });
});

describe('the 80 mm table of name, quantity, unit price and amount', () => {
  /** A line `grams` of a good sold by weight at `perKg`, priced as the till prices it. */
  const weighed = (name: string, grams: number, perKg: number): OrderLine => {
    const base = line({
      lineId: name,
      skuId: name,
      qty: grams,
      unitPrice: perKg,
      soldBy: 'weight',
    });
    const amount = amountAt(base, perKg);
    return { ...base, name, amount, total: amount };
  };
  const rowsOf = (lines: OrderLine[]) => {
    const total = lines.reduce((sum, l) => sum + l.total, 0);
    const sale = order(lines, [wechat(total)]);
    return textOf(layoutReceipt(sale, { ...receiptFixtureContext, qr: null }, '80mm'));
  };

  it('puts a unit price too wide for its column on a line of its own, whole and apart from the quantity', () => {
    // Bird's nest at ¥18,800/kg, 50 g: "18800.00/kg" is wider than the price column.
    const rows = rowsOf([weighed('印尼燕窝', 50, 1_880_000)]);
    const at = rows.findIndex((row) => row.startsWith('印尼燕窝'));
    expect(rows[at].trim()).toBe('印尼燕窝');
    expect(rows[at + 1].trim().split(/\s+/)).toEqual(['0.050kg', 'x', '18800.00/kg', '940.00']);
  });

  it('never cuts or joins a quantity, unit price or amount, whatever their widths', () => {
    const item = fc.record({
      grams: fc.integer({ min: 1, max: 99_999 }),
      perKg: fc.integer({ min: 1000, max: 9_999_999 }),
    });
    fc.assert(
      fc.property(item, ({ grams, perKg }) => {
        const good = weighed('燕窝', grams, perKg);
        const words = rowsOf([good]).flatMap((row) => row.trim().split(/\s+/));
        for (const printed of [
          `${(grams / 1000).toFixed(3)}kg`,
          `${fenToDecimal(perKg)}/kg`,
          fenToDecimal(good.amount),
        ])
          expect(words).toContain(printed);
      }),
    );
  });

  it('keeps the table row when everything fits with a space before it', () => {
    const rows = rowsOf([weighed('苹果', 735, 1280)]);
    const row = rows.find((r) => r.startsWith('苹果'));
    expect(row?.split(/\s+/)).toEqual(['苹果', '0.735kg', '12.80/kg', '9.41']);
  });
});

describe('what a receipt says about its order', () => {
  it('keeps the drawer shut on a reprint and marks it', () => {
    const document = layoutReceipt(
      receiptFixtureOrder(),
      { ...receiptFixtureContext, reprint: true },
      '58mm',
    );
    expect(document.openDrawer).toBe(false);
    expect(textOf(document).join('\n')).toContain('重打小票');
    expect(readEscPos(encodeReceipt(document)).drawerKicks).toBe(0);
  });

  it('opens no drawer for an order paid without cash, and prints no QR code when given none', () => {
    const paid = order([line({ qty: 1, unitPrice: 1500 })], [wechat(1500)]);
    const document = layoutReceipt(
      paid,
      { ...receiptFixtureContext, qr: null, member: null },
      '80mm',
    );
    const printout = readEscPos(encodeReceipt(document));
    expect(printout.drawerKicks).toBe(0);
    expect(printout.qrCodes).toEqual([]);
    expect(printout.lines.some((l) => l.text.includes('会员'))).toBe(false);
  });

  it('marks a voided order and keeps its drawer shut', () => {
    const paid = order([line({ qty: 1, unitPrice: 1500 })], [cashTender(1500, 2000)]);
    const voided = voidOrder(paid, {
      staffId: 'm-1',
      approvedBy: 'm-1',
      reason: '顾客取消',
      at: paid.createdAt + 1,
    });
    if (!voided.ok) throw new Error(voided.error.message);
    const document = layoutReceipt(voided.value, receiptFixtureContext, '58mm');
    expect(textOf(document).join('\n')).toContain('已作废');
    expect(document.openDrawer).toBe(false);
  });

  it('cannot be made to send a printer command through a product name', () => {
    const paid = order(
      [{ ...line({ qty: 1, unitPrice: 100 }), name: '坏\x1dV\x01名' }],
      [wechat(100)],
    );
    const printout = readEscPos(encodeReceipt(layoutReceipt(paid, receiptFixtureContext, '58mm')));
    expect(printout.cuts).toBe(1);
    expect(printout.lines.map((l) => l.text)).toContain('坏 V 名');
  });
});

describe.each(papers)('free text with control characters on %s paper', (paper) => {
  // ESC @ (reset), a line break, GS V (cut), DEL and NEL (a C1 line break) inside staff-typed text.
  const bad = '坏\x1b@\n名\x1dV\x7f尾\x85';
  const fixture = receiptFixtureOrder();
  const document = layoutReceipt(
    { ...fixture, lines: fixture.lines.map((l, i) => (i === 0 ? { ...l, name: bad } : l)) },
    {
      ...receiptFixtureContext,
      storeName: bad,
      storeLines: [bad],
      cashierName: bad,
      member: { ...receiptFixtureContext.member!, name: bad },
      qr: { text: receiptFixtureQr, caption: bad },
      footer: [bad],
    },
    paper,
  );
  const bytes = encodeReceipt(document);

  it('lays them out as spaces: no control character in any line', () => {
    // eslint-disable-next-line no-control-regex
    for (const text of textOf(document)) expect(text).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(textOf(document)).toContain(`收银员: 坏 @ 名 V 尾`);
    expect(textOf(document).some((t) => /^会员: 坏 @ 名 V 尾 +138\*{4}8000$/.test(t))).toBe(true);
  });

  it('sends no printer command and breaks no line: every line prints as laid out', () => {
    const escAt = bytes.filter((byte, i) => byte === 0x1b && bytes[i + 1] === 0x40).length;
    expect(escAt).toBe(1); // the job's own initialise, and no other
    const printout = readEscPos(bytes);
    expect(printout.cuts).toBe(1);
    expect(printout.events.filter((e) => e.kind === 'cut')).toEqual([
      { kind: 'cut', partial: true },
    ]);
    const printed = printout.lines.map((l) => l.text).filter((t) => t !== '');
    expect(printed).toEqual(textOf(document).filter((t) => t !== ''));
    expect(printed.join('\n')).not.toContain('？');
    const name = printed.filter((t) => t.trim().startsWith('坏 @ 名 V 尾'));
    // Store name, store line, the product, QR caption, footer: each one whole line.
    expect(name).toHaveLength(5);
  });
});

describe('the ESC/POS reader', () => {
  it('refuses bytes it does not understand, naming the offset, so a stray byte fails a test', () => {
    expect(() => readEscPos(Uint8Array.from([0x1b, 0x40, 0x1b, 0x99, 0x00]))).toThrow(
      new EscPosReadError('unknown command ESC 0x99 at offset 2'),
    );
    expect(() => readEscPos(Uint8Array.from([0x1d, 0x28, 0x6b, 0x10, 0x00, 0x31]))).toThrow(
      /cut short/,
    );
    expect(() => readEscPos(Uint8Array.from([0x1b, 0x40, 0xd6, 0xd0, 0x0a]))).toThrow(
      /outside Chinese mode/,
    );
  });
});
