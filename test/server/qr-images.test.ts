// Every QR image the server makes, read back by independent decoders: PNG with pngjs + jsqr, SVG
// rendered by headless Chromium then jsqr, the A6 join card's PDF rasterised from its drawing
// operators then jsqr. The payloads inside verify; the secret lives in the data dir only.
import { statSync } from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { verifyQrPayload, qrPayloadText } from '@pos/shared';
import { describeWithChromium, launchChromium } from '../support/chromium';
import { removeDir } from '../support/temp-dir';
import { api, signIn, startTestServer, type TestServer } from '../support/test-server';
import { QR_SECRET_FILE, loadOrCreateQrSecret } from '../../sync-server/qr/server-secret';
import { decodePng, fetchBuffer } from './payments/support';
import { A6_POINTS } from '../../sync-server/qr/counter-card';

let server: TestServer;
let manager: string;
beforeAll(async () => {
  server = await startTestServer();
  manager = await signIn(server, 'manager');
});
afterAll(async () => {
  await server.close();
  removeDir(server.dataDir);
});

async function secret(): Promise<Uint8Array> {
  return loadOrCreateQrSecret(server.dataDir);
}

test('the QR secret is made on first start in the data dir, owner-only, and kept', async () => {
  const file = path.join(server.dataDir, QR_SECRET_FILE);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(Buffer.from(await secret()).toString('hex')).toHaveLength(64);
  expect(await secret()).toEqual(await secret());
});

test('pairing QR: the PNG reads as the pairing link with a fresh code and a signed pair payload', async () => {
  const response = await api<{ code: string; qrText: string; image: string }>(
    server,
    'POST',
    '/api/qr/pairing',
    { token: manager },
  );
  expect(response.status).toBe(201);
  const { code, qrText, image } = response.body;
  const decoded = decodePng(Buffer.from(image.replace(/^data:image\/png;base64,/, ''), 'base64'));
  expect(decoded).toBe(qrText);
  expect(decoded).toMatch(new RegExp(`^${server.url}/pair\\?code=${code}&s=`));
  const signed = new URL(decoded).searchParams.get('s')!;
  expect(verifyQrPayload(await secret(), signed, Date.now(), 'pair-device')).toMatchObject({
    ok: true,
    value: { ref: code },
  });
  // The code in it pairs a device, once.
  const paired = await api(server, 'POST', '/api/pair', {
    body: { code, name: 'Till 9', kind: 'tablet' },
  });
  expect(paired.status).toBe(201);
  expect((await api(server, 'POST', '/api/qr/pairing')).status).toBe(401);
});

test('join QR (PNG): a customer joins with it; a changed character is refused', async () => {
  const png = await fetchBuffer(`${server.url}/api/qr/join?format=png`, manager);
  expect(png.type).toBe('image/png');
  const text = decodePng(png.body);
  expect(text).toBe(png.headers.get('x-qr-text'));
  const payload = qrPayloadText(text);
  expect(payload.length).toBeLessThanOrEqual(32);
  expect(verifyQrPayload(await secret(), payload, Date.now(), 'join-membership').ok).toBe(true);

  const joined = await api(server, 'POST', '/api/customer/join', {
    body: { payload, phone: '15655501234', name: '小王' },
  });
  expect(joined.status).toBe(201);
  expect(joined.body).toEqual({ storeName: server.store.settings.storeName });
  expect(server.store.memberByPhone('15655501234')?.name).toBe('小王');
  // Joining again with the same phone: no new member, and the same answer (nothing of the account).
  const again = await api(server, 'POST', '/api/customer/join', {
    body: { payload, phone: '15655501234' },
  });
  expect(again).toEqual(joined);

  const changed = payload.slice(0, 3) + (payload[3] === 'a' ? 'b' : 'a') + payload.slice(4);
  const refused = await api(server, 'POST', '/api/customer/join', {
    body: { payload: changed, phone: '13912345679' },
  });
  expect(refused.status).toBe(400);
  expect(refused.body).toMatchObject({ error: { code: 'qr_tampered' } });
  const badPhone = await api(server, 'POST', '/api/customer/join', {
    body: { payload, phone: '123' },
  });
  expect(badPhone.status).toBe(400);
});

/** Draws the card's filled rectangles (its QR) into pixels and reads them with jsqr. */
function rasterisePdfRects(pdf: string, scale = 4): string | null {
  const stream = /stream\n([\s\S]*?)\nendstream/.exec(pdf)![1];
  const width = Math.ceil(A6_POINTS.width * scale);
  const height = Math.ceil(A6_POINTS.height * scale);
  const pixels = new Uint8ClampedArray(width * height * 4).fill(255);
  for (const [, x, y, w, h] of stream.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re/g)) {
    const left = Math.round(Number(x) * scale);
    const right = Math.round((Number(x) + Number(w)) * scale);
    const top = Math.round((A6_POINTS.height - Number(y) - Number(h)) * scale);
    const bottom = Math.round((A6_POINTS.height - Number(y)) * scale);
    for (let row = top; row < bottom; row++)
      for (let col = left; col < right; col++)
        pixels.fill(0, (row * width + col) * 4, (row * width + col) * 4 + 3);
  }
  return jsQR(pixels, width, height)?.data ?? null;
}

test('join counter card: an A6 PDF whose QR reads as the join link, with the store name in it', async () => {
  const card = await fetchBuffer(`${server.url}/api/qr/join-card.pdf`, manager);
  expect(card.status).toBe(200);
  expect(card.type).toBe('application/pdf');
  const pdf = card.body.toString('latin1');
  expect(pdf.startsWith('%PDF-1.4')).toBe(true);
  expect(pdf).toContain(`/MediaBox [0 0 ${A6_POINTS.width} ${A6_POINTS.height}]`);
  // Chinese text in the reader's STSong-Light: the store name as UTF-16BE hex.
  const nameHex = [...server.store.settings.storeName]
    .map((c) => c.charCodeAt(0).toString(16).padStart(4, '0'))
    .join('');
  expect(pdf).toContain(`<${nameHex}> Tj`);
  // The xref offsets point at the objects (a reader can open it).
  const xrefAt = Number(/startxref\n(\d+)/.exec(pdf)![1]);
  expect(pdf.slice(xrefAt, xrefAt + 4)).toBe('xref');
  const text = rasterisePdfRects(pdf);
  expect(text).toBe(card.headers.get('x-qr-text'));
  expect(
    verifyQrPayload(await secret(), qrPayloadText(text!), Date.now(), 'join-membership').ok,
  ).toBe(true);
  expect(card.body.length).toBeLessThan(40_000);
});

describeWithChromium('SVG QR codes, rendered by Chromium', () => {
  test('the join SVG decodes to its link', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 600, height: 600 } });
      const svg = await fetchBuffer(`${server.url}/api/qr/join?format=svg`, manager);
      expect(svg.type).toMatch(/^image\/svg\+xml/);
      await page.setContent(
        `<body style="margin:0;background:#fff">${svg.body.toString('utf8').replace('<svg ', '<svg width="560" height="560" ')}</body>`,
      );
      const shot = PNG.sync.read(await page.screenshot({ type: 'png' }));
      const decoded = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
      expect(decoded?.data).toBe(svg.headers.get('x-qr-text'));
    } finally {
      await browser.close();
    }
  });
});
