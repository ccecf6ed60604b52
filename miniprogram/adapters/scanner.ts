// The camera scanner: wx.scanCode as a promise of what it read. A cancelled scan is not an error
// (the cashier changed their mind); a camera WeChat may not use says which permission is off;
// anything else that failed says why.
import { errorText } from './wx-api';

export type ScanWx = Pick<WechatMiniprogram.Wx, 'scanCode'>;

/**
 * Which permission keeps the camera off: this mini-program's (its settings, wx.openSetting), or
 * WeChat's own on the phone (the phone's settings; no mini-program can change it).
 */
export type CameraOff = 'miniProgram' | 'phone';

export type ScanResult =
  | { ok: true; code: string }
  | { ok: false; cancelled: true }
  | { ok: false; cancelled: false; cameraOff: CameraOff | null; error: string };

/**
 * WeChat's errMsg when the camera may not be used: "auth deny" once the permission was refused
 * (WeChat then fails at once, without asking again), "authorize no response" when its question was
 * closed unanswered, "system permission denied" when the phone denies WeChat the camera.
 */
function cameraOffIn(error: string): CameraOff | null {
  if (/system permission denied/i.test(error)) return 'phone';
  if (/auth deny|authorize no response|auth denied/i.test(error)) return 'miniProgram';
  return null;
}

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
            : { ok: false, cancelled: false, cameraOff: cameraOffIn(error), error },
        );
      },
    });
  });
}
