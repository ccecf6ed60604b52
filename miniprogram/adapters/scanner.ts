// The camera scanner: wx.scanCode as a promise of what it read. A cancelled scan is not an error
// (the cashier changed their mind); anything else that failed says why.
import { errorText } from './wx-api';

export type ScanWx = Pick<WechatMiniprogram.Wx, 'scanCode'>;

export type ScanResult =
  | { ok: true; code: string }
  | { ok: false; cancelled: true }
  | { ok: false; cancelled: false; error: string };

/** Barcodes and QR codes, from the camera only (not from a picture in the album). */
export function scanCode(wx: ScanWx, kinds: Array<'barCode' | 'qrCode'> = ['barCode', 'qrCode']) {
  return new Promise<ScanResult>((resolve) => {
    wx.scanCode({
      onlyFromCamera: true,
      scanType: kinds,
      success: (result) => resolve({ ok: true, code: String(result.result ?? '').trim() }),
      fail: (failure) => {
        const error = errorText(failure);
        resolve(
          /cancel/i.test(error)
            ? { ok: false, cancelled: true }
            : { ok: false, cancelled: false, error },
        );
      },
    });
  });
}
