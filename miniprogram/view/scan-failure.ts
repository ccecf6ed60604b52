// What a camera scan that failed tells the cashier: with the camera's permission off, that it is
// and where to switch it on; otherwise the screen's own "nothing scanned". Pure.
import type { ScanResult } from '../adapters/scanner';
import { text } from '../i18n/index';

export function scanFailureText(
  failed: Extract<ScanResult, { cancelled: false }>,
  nothingScanned: string,
): string {
  if (failed.cameraOff === 'miniProgram') return text.camera.miniProgramOff;
  if (failed.cameraOff === 'phone') return text.camera.phoneOff;
  return nothingScanned;
}
