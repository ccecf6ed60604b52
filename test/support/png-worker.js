// The worker thread of png.ts: decodes a PNG file with pngjs and, when asked, reads its QR code
// with jsQR, in plain Node. Plain JavaScript, so the worker loads it without a TypeScript loader.
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { PNG } = require('pngjs');
const jsQR = require('jsqr');

parentPort.on('message', ({ id, file, qr }) => {
  try {
    const image = PNG.sync.read(readFileSync(file));
    const found = qr ? jsQR(new Uint8ClampedArray(image.data), image.width, image.height) : null;
    parentPort.postMessage({
      id,
      width: image.width,
      height: image.height,
      data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.length),
      qr: found ? found.data : null,
    });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
