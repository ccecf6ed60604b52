// The sync protocol's schemas: every valid message survives JSON unchanged, and a broken one is
// refused with an error that names the field that is wrong.
import fc from 'fast-check';
import { denominations } from '../../shared/shift';
import { operationId } from '../../shared/ids';
import { operationSchema, type Operation } from '../../shared/operation';
import {
  clientMessageSchema,
  MAX_PUSH_BATCH,
  serverMessageSchema,
  type ClientMessage,
  type ServerMessage,
} from '../../shared/protocol';
import { describeIssues, parseJsonWith, parseWith } from '../../shared/validation';
import { suggestRefund } from '@pos/shared';
import type { Order } from '../../shared/order';
import {
  ok,
  orderInAnyStateArbitrary,
  paidOrderArbitrary,
  refundOf,
  tendersArbitrary,
} from './fixtures';

// Text with the characters JSON has to escape and some that are not ASCII, one UTF-16 unit each
// so that lengths match the schemas' limits.
const textUnit = fc.constantFrom(
  'a',
  'Z',
  '0',
  ' ',
  '"',
  '\\',
  '\n',
  '\t',
  '/',
  'é',
  '拿',
  '铁',
  '\u2028',
);
const text = (minLength: number, maxLength: number) =>
  fc.string({ unit: textUnit, minLength, maxLength });
const idText = (maxLength: number) => text(1, maxLength);
const epoch = fc.integer({ min: 0, max: 4_102_444_800_000 });
const fen = fc.integer({ min: 0, max: 10_000_000 });
const deviceId = fc.stringMatching(/^[A-Za-z0-9_-]{4,40}$/);
const deviceCode = fc.stringMatching(/^[TPK][1-9][0-9]{0,3}$/);
const phone = fc.stringMatching(/^1[3-9]\d{9}$/);

/** Orders in every state, with names that need escaping. */
const orderArbitrary: fc.Arbitrary<Order> = fc
  .tuple(orderInAnyStateArbitrary, text(1, 80), idText(60))
  .map(([order, name, memberId]) => ({
    ...order,
    memberId: order.id.length % 2 === 0 ? memberId : null,
    lines: order.lines.map((l) => ({ ...l, name })),
  }));

const memberArbitrary = fc.record({
  id: idText(60),
  phone,
  name: text(0, 40),
  level: text(0, 20),
  points: fc.nat(),
  balance: fen,
  joinedAt: epoch,
});

const payloads = {
  'order.placed': orderArbitrary,
  'order.paid': fen
    .filter((total) => total > 0)
    .chain((total) =>
      fc.record({
        orderId: idText(80),
        cashierId: idText(40),
        tenders: tendersArbitrary(total),
        paidAt: epoch,
      }),
    ),
  'order.refunded': fc.tuple(paidOrderArbitrary, text(0, 200), epoch).map(([order, reason, at]) => {
    const suggested = ok(suggestRefund(order, [{ lineId: order.lines[0].lineId, qty: 1 }]));
    return { ...refundOf(order, suggested.lines, suggested.tenders, 'c-1', at), reason };
  }),
  'order.voided': fc.record({
    orderId: idText(80),
    staffId: idText(40),
    approvedBy: idText(40),
    reason: text(0, 200),
    at: epoch,
  }),
  'shift.opened': fc.record({ shiftId: idText(80), staffId: idText(40), float: fen, at: epoch }),
  'shift.cash_moved': fc.record({
    shiftId: idText(80),
    staffId: idText(40),
    direction: fc.constantFrom('in' as const, 'out' as const),
    amount: fen.map((n) => n + 1),
    reason: text(1, 200),
    at: epoch,
  }),
  'shift.closed': fc.record({
    shiftId: idText(80),
    staffId: idText(40),
    counted: fc.array(
      fc.record({ denomination: fc.constantFrom(...denominations), count: fc.nat(500) }),
    ),
    countedTotal: fen,
    expected: fen,
    note: text(0, 200),
    at: epoch,
  }),
  'stock.counted': fc.record({
    skuId: idText(40),
    level: fc.integer({ min: -10_000, max: 1_000_000 }),
    at: epoch,
  }),
  'stock.received': fc.record({
    skuId: idText(40),
    qty: fc.integer({ min: 1, max: 100_000 }),
    at: epoch,
  }),
  'member.joined': memberArbitrary,
  'member.topped_up': fc.record({
    id: idText(80),
    memberId: idText(60),
    amount: fc.integer({ min: 1, max: 500_000 }),
    payment: fc.oneof(
      fc.constant({ method: 'cash' as const }),
      fc.record({ method: fc.constant('wechat' as const), reference: idText(64) }),
    ),
    staffId: idText(40),
    at: epoch,
    businessDay: fc.constantFrom('2026-11-22', '2024-02-29'),
  }),
  'drawer.opened': fc.record({
    shiftId: fc.option(idText(80), { nil: null }),
    staffId: idText(40),
    reason: text(1, 200).filter((reason) => reason.trim().length > 0),
    at: epoch,
  }),
} satisfies { [T in Operation['type']]: fc.Arbitrary<Extract<Operation, { type: T }>['payload']> };

const operationArbitrary: fc.Arbitrary<Operation> = fc
  .record({
    deviceId,
    seq: fc.integer({ min: 1, max: 10_000_000 }),
    createdAt: epoch,
    typed: fc.oneof(
      ...Object.entries(payloads).map(([type, payload]) =>
        (payload as fc.Arbitrary<unknown>).map((p) => ({ type, payload: p })),
      ),
    ),
  })
  .map(
    ({ deviceId: device, seq, createdAt, typed }) =>
      ({
        id: operationId(device, seq),
        deviceId: device,
        seq,
        createdAt,
        // A refund is given back at the drawer of the device that sends it.
        ...(typed.type === 'order.refunded'
          ? { ...typed, payload: { ...(typed.payload as object), deviceId: device } }
          : typed),
      }) as Operation,
  );

const clientMessageArbitrary: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc.record(
    {
      type: fc.constant('hello' as const),
      protocol: fc.integer({ min: 0, max: 10 }),
      token: fc.stringMatching(/^[A-Za-z0-9_-]{20,200}$/),
      cursor: fc.option(fc.nat()),
      pending: fc.boolean(),
    },
    // Protocol 1 devices do not say whether they have operations to push.
    { requiredKeys: ['type', 'protocol', 'token', 'cursor'] },
  ),
  fc.record({
    type: fc.constant('push' as const),
    ops: fc.array(operationArbitrary, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ type: fc.constant('ping' as const), t: fc.integer() }),
  fc.record({ type: fc.constant('pull' as const) }),
);

const categoryArbitrary = fc.record({ id: idText(40), name: idText(40), sort: fc.integer() });
const productArbitrary = fc.record({
  id: idText(40),
  name: idText(60),
  categoryId: idText(40),
  initials: fc.stringMatching(/^[a-z0-9]{0,60}$/),
  skus: fc.array(
    fc.record(
      {
        id: idText(40),
        label: text(0, 20),
        // Absent in SKUs saved before the server made them.
        initials: fc.stringMatching(/^[a-z0-9]{0,60}$/),
        barcodes: fc.array(fc.stringMatching(/^\d{8,13}$/), { maxLength: 3 }),
        price: fen,
        memberPrice: fc.option(fen),
      },
      { requiredKeys: ['id', 'label', 'barcodes', 'price', 'memberPrice'] },
    ),
    { minLength: 1, maxLength: 3 },
  ),
  active: fc.boolean(),
  stockTracked: fc.boolean(),
  soldBy: fc.constantFrom('piece' as const, 'weight' as const),
});
const stockArbitrary = fc.record({
  skuId: idText(40),
  level: fc.integer({ min: -1000, max: 100_000 }),
});
const staffArbitrary = fc.record({
  id: idText(40),
  name: idText(40),
  role: fc.constantFrom('cashier' as const, 'manager' as const),
  pinHash: idText(200),
  active: fc.boolean(),
});
const deviceArbitrary = fc.record({
  id: deviceId,
  code: deviceCode,
  name: idText(40),
  kind: fc.constantFrom('tablet' as const, 'phone' as const, 'kiosk' as const),
  pairedAt: epoch,
  revokedAt: fc.option(epoch),
  ackedSeq: fc.nat(),
  missingSeqs: fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 4 }),
  lastSeenAt: fc.option(epoch),
});
const settingsArbitrary = fc.record({
  storeName: idText(40),
  businessDayStartMinutes: fc.integer({ min: 0, max: 1439 }),
  utcOffsetMinutes: fc.integer({ min: -720, max: 840 }),
  rounding: fc.record({
    unit: fc.constantFrom('none' as const, 'jiao' as const, 'yuan' as const),
    mode: fc.constantFrom('down' as const, 'half-up' as const),
  }),
  discountApprovalBasisPoints: fc.integer({ min: 0, max: 10_000 }),
  pointsPerYuan: fc.integer({ min: 0, max: 100 }),
  offlineStoredValueCap: fc.record({ perMember: fen, perDevice: fen }),
});
const cursor = fc.nat();
const changeArbitrary = fc.oneof(
  fc.record({ kind: fc.constant('category' as const), cursor, category: categoryArbitrary }),
  fc.record({ kind: fc.constant('product' as const), cursor, product: productArbitrary }),
  fc.record({ kind: fc.constant('stock' as const), cursor, stock: stockArbitrary }),
  fc.record({ kind: fc.constant('staff' as const), cursor, staff: staffArbitrary }),
  fc.record({ kind: fc.constant('member' as const), cursor, member: memberArbitrary }),
  fc.record({ kind: fc.constant('order' as const), cursor, order: orderArbitrary }),
  fc.record({ kind: fc.constant('device' as const), cursor, device: deviceArbitrary }),
  fc.record({ kind: fc.constant('settings' as const), cursor, settings: settingsArbitrary }),
);
const few = { maxLength: 2 };

const serverMessageArbitrary: fc.Arbitrary<ServerMessage> = fc.oneof(
  fc.record({
    type: fc.constant('welcome' as const),
    protocol: fc.integer({ min: 0, max: 10 }),
    deviceId,
    deviceCode,
    ackedSeq: fc.nat(),
    serverTime: epoch,
  }),
  fc.record({
    type: fc.constant('ack' as const),
    results: fc.array(
      fc.record(
        {
          id: text(0, 60),
          seq: fc.integer({ min: 1, max: 1_000_000 }),
          status: fc.constantFrom('applied' as const, 'duplicate' as const, 'refused' as const),
          error: fc.record({ code: text(0, 20), message: text(0, 100) }),
        },
        { requiredKeys: ['id', 'seq', 'status'] },
      ),
      few,
    ),
    ackedSeq: fc.nat(),
  }),
  fc.record({
    type: fc.constant('changes' as const),
    changes: fc.array(changeArbitrary, { maxLength: 4 }),
    cursor,
  }),
  fc.record({
    type: fc.constant('snapshot' as const),
    snapshot: fc.record({
      settings: settingsArbitrary,
      categories: fc.array(categoryArbitrary, few),
      products: fc.array(productArbitrary, few),
      stock: fc.array(stockArbitrary, few),
      staff: fc.array(staffArbitrary, few),
      members: fc.array(memberArbitrary, few),
      devices: fc.array(deviceArbitrary, few),
      orders: fc.array(orderArbitrary, few),
    }),
    cursor,
    more: fc.option(fc.boolean(), { nil: undefined }),
  }),
  fc.record({ type: fc.constant('error' as const), code: text(0, 30), message: text(0, 200) }),
  fc.record({ type: fc.constant('pong' as const), t: fc.integer() }),
);

const messageCases = [
  ['a client message', clientMessageSchema, clientMessageArbitrary],
  ['a server message', serverMessageSchema, serverMessageArbitrary],
  ['an operation', operationSchema, operationArbitrary],
] as const;

describe.each(messageCases)('%s', (_what, schema, arbitrary) => {
  it('is accepted as generated and survives a JSON round trip unchanged', () => {
    fc.assert(
      fc.property(arbitrary as fc.Arbitrary<unknown>, (message) => {
        const parsed = parseWith(schema, message);
        expect(parsed).toEqual({ ok: true, value: message });
        const text = JSON.stringify(message);
        expect(parseJsonWith(schema, text)).toEqual({ ok: true, value: message });
        expect(JSON.stringify(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a message with one field of the wrong type or missing, naming that field', () => {
    fc.assert(
      fc.property(arbitrary as fc.Arbitrary<unknown>, fc.nat(), fc.nat(3), (message, pick, how) => {
        const paths = pathsIn(message).filter((p) => p.length > 0);
        const path = paths[pick % paths.length];
        const key = path[path.length - 1];
        // Optional keys may go: an ack's error, hello's pending, a snapshot part's more, a SKU's
        // initials (a product's are required).
        const optional =
          ['error', 'pending', 'more'].includes(String(key)) ||
          (key === 'initials' && path.includes('skus'));
        const removable = typeof key === 'string' && !optional;
        const broken =
          how === 0 && removable
            ? withoutKey(message, path)
            : withValue(message, path, wrongTypeFor(valueAt(message, path)));
        const parsed = parseWith(schema, broken);
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.error).toContain(`${path.join('.')}: `);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses random JSON and random text without throwing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, junk) => {
        expect(parseWith(schema, value).ok).toBe(false);
        const fromText = parseJsonWith(schema, junk);
        expect(fromText.ok).toBe(false);
        if (!fromText.ok) expect(fromText.error.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('refusals that name the field', () => {
  const op = fc.sample(operationArbitrary, { numRuns: 1, seed: 7 })[0];
  const push = (ops: unknown[]) => ({ type: 'push', ops });
  it.each([
    [
      'an operation id that is not device:seq',
      push([{ ...op, id: 'someone-else:1' }]),
      'ops.0.id: must be the device id and sequence',
    ],
    [
      'too many operations in one push',
      push(Array.from({ length: MAX_PUSH_BATCH + 1 }, () => op)),
      'ops: Too big',
    ],
    ['an empty push', push([]), 'ops: Too small'],
    [
      'an unknown operation type',
      push([{ ...op, type: 'order.deleted' }]),
      'ops.0.type: Invalid discriminator',
    ],
    [
      'a hello with a short token',
      { type: 'hello', protocol: 1, token: 'short', cursor: null },
      'token: Too small',
    ],
    ['a frame that is not an object', [1, 2], 'expected object'],
    [
      'a hello that says pending with something else than true or false',
      { type: 'hello', protocol: 2, token: 'a'.repeat(20), cursor: 3, pending: 1 },
      'pending: Invalid input: expected boolean',
    ],
  ])('%s', (_why, message, expected) => {
    const parsed = parseWith(clientMessageSchema, message);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(expected);
  });

  const placed = fc.sample(paidOrderArbitrary, { numRuns: 1, seed: 3 })[0];
  const placedOp = {
    id: 'tab-0001:1',
    deviceId: 'tab-0001',
    seq: 1,
    createdAt: 0,
    type: 'order.placed',
    payload: placed,
  };
  it.each([
    ['fractional fen', { ...placed, total: 10.5 }, 'payload.total: must be whole fen'],
    [
      'a negative tender',
      { ...placed, tenders: [{ method: 'wechat', amount: -1, reference: 'x' }] },
      'payload.tenders.0.amount: must not be negative',
    ],
    [
      'an unknown tender method',
      { ...placed, tenders: [{ method: 'alipay', amount: 1 }] },
      'payload.tenders.0.method',
    ],
    ['a bad device code', { ...placed, deviceCode: 'X1' }, 'payload.deviceCode: must be T, P or K'],
    ['no lines', { ...placed, lines: [] }, 'payload.lines: an order needs at least one line'],
    [
      'a moment past any real date',
      { ...placed, createdAt: 9e15 },
      'payload.createdAt: must be a moment before the year 2100',
    ],
  ])('an order with %s', (_why, payload, expected) => {
    const parsed = parseWith(operationSchema, { ...placedOp, payload });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(expected);
  });

  it.each([
    [
      'order.paid',
      {
        orderId: 'k:1',
        cashierId: 'c-1',
        tenders: [{ method: 'wechat', amount: 1, reference: 'x' }],
        paidAt: 0,
      },
    ],
    ['order.voided', { orderId: 'k:1', staffId: 'c-1', approvedBy: 'mgr-1', reason: '', at: 0 }],
    [
      'order.refunded',
      {
        id: 'tab-0001:refund:2',
        orderId: 'k:1',
        staffId: 'c-1',
        approvedBy: 'mgr-1',
        reason: '',
        createdAt: 0,
        businessDay: '2026-11-22',
        lines: [{ lineId: 'L1', qty: 1, amount: 100 }],
        tenders: [{ method: 'cash', amount: 100 }],
        restock: true,
      },
    ],
  ])('an %s naming a device other than the one sending it', (type, payload) => {
    const sent = { id: 'tab-0001:2', deviceId: 'tab-0001', seq: 2, createdAt: 0, type };
    expect(
      parseWith(operationSchema, { ...sent, payload: { ...payload, deviceId: 'tab-0001' } }).ok,
    ).toBe(true);
    // Voids and payments recorded before they named a device name none; a refund always names one.
    expect(parseWith(operationSchema, { ...sent, payload }).ok).toBe(type !== 'order.refunded');
    const parsed = parseWith(operationSchema, {
      ...sent,
      payload: { ...payload, deviceId: 'tab-0002' },
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.error).toContain('payload.deviceId: must be the device that sends');
  });

  it('says how many more problems there are past the first five', () => {
    const result = clientMessageSchema.safeParse({
      type: 'hello',
      protocol: 'x',
      token: 1,
      cursor: 'y',
    });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.error, 1)).toMatch(/; and 2 more$/);
  });
});

// Walking and changing JSON values by path.

type Path = Array<string | number>;

function pathsIn(value: unknown, path: Path = []): Path[] {
  const paths: Path[] = [path];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsIn(item, [...path, i])));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) paths.push(...pathsIn(item, [...path, key]));
  return paths;
}

function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (node, key) => (node as Record<string | number, unknown>)[key],
    value,
  );
}

/** A copy of `value` with the node at `path` replaced (or, with `remove`, its key deleted). */
function withValue(value: unknown, path: Path, replacement: unknown, remove = false): unknown {
  if (path.length === 0) return replacement;
  const [key, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  if (rest.length === 0 && remove) delete copy[key];
  else copy[key] = withValue(copy[key], rest, replacement, remove);
  return copy;
}

function withoutKey(value: unknown, path: Path): unknown {
  return withValue(value, path, undefined, true);
}

/** A value of another JSON type than `value`, that no field of the type `value` has accepts. */
function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'not a number';
  if (typeof value === 'boolean') return 'yes';
  // Null stands in for a number, a string or an object: no nullable field takes a boolean.
  if (value === null) return true;
  return 'not an object';
}
