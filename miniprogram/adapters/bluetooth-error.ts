// WeChat's Bluetooth failures as a few problems a cashier can act on: its errCodes, a refused
// authorization and iOS's Bluetooth-less WeChat each become one BluetoothProblem.
import { errorText } from './wx-api';

/** What went wrong, in terms a cashier can act on. */
export type BluetoothProblem =
  | 'bluetooth_off'
  /** The user declined the mini-program's scope.bluetooth (its own settings page turns it on). */
  | 'permission_denied'
  /** The phone's settings give WeChat no Bluetooth (iOS: 10001 with `state` 3). */
  | 'system_permission_denied'
  | 'not_found'
  | 'out_of_range'
  | 'disconnected'
  | 'not_a_printer'
  | 'out_of_paper'
  | 'timeout'
  | 'failed';

export class BluetoothError extends Error {
  constructor(
    readonly problem: BluetoothProblem,
    message: string,
    readonly errCode?: number,
  ) {
    super(message);
    this.name = 'BluetoothError';
  }
}

/** WeChat's Bluetooth errCodes (its BluetoothError table) as problems. */
const problemOfCode: Record<number, BluetoothProblem> = {
  10001: 'bluetooth_off',
  10002: 'not_found',
  10003: 'out_of_range',
  10012: 'out_of_range',
  10006: 'disconnected',
  10004: 'not_a_printer',
  10005: 'not_a_printer',
  10007: 'not_a_printer',
};

/** openBluetoothAdapter's `state` on iOS when it fails: 3 is "unauthorised" (4 is switched off). */
const IOS_UNAUTHORISED = 3;

/** Any failure from a wx Bluetooth API as a BluetoothError naming the API and WeChat's text. */
export function bluetoothError(api: string, error: unknown): BluetoothError {
  if (error instanceof BluetoothError) return error;
  const { errCode, state } = (error ?? {}) as { errCode?: unknown; state?: unknown };
  const code = typeof errCode === 'number' ? errCode : undefined;
  const text = errorText(error);
  // A refused authorization has no errCode, only WeChat's text (`fail auth deny`, or `fail:auth
  // denied` on some Android clients); iOS reports WeChat without Bluetooth as 10001, "off", told
  // apart by its state. Either way "turn Bluetooth on" would send the cashier the wrong way.
  const problem: BluetoothProblem = /auth den/i.test(text)
    ? 'permission_denied'
    : code === 10001 && state === IOS_UNAUTHORISED
      ? 'system_permission_denied'
      : (code !== undefined && problemOfCode[code]) || 'failed';
  return new BluetoothError(problem, `${api}: ${text}`, code);
}
