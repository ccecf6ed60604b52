// Why a print failed, as one of a few problems, and how the printer settings word it: Bluetooth's
// own (from BluetoothError), no printer set up, or a receipt whose order is no longer here.
import { BluetoothError, type BluetoothProblem } from '../adapters/bluetooth-error';
import { text } from '../i18n/index';

/** `order_gone`: a receipt to print again whose order this device no longer holds. */
export type PrintProblem = BluetoothProblem | 'no_printer' | 'order_gone';

/** The problem for people, in the UI's language; one without words of its own reads as `failed`. */
export function printProblemMessage(problem: PrintProblem): string {
  if (problem === 'order_gone') return text.printer.orderGone;
  return text.printer.problems[problem] ?? text.printer.problems.failed;
}

/** What went wrong: the problem, its words, and WeChat's own (`detail`) for whoever looks into it. */
export function describePrintError(error: unknown): {
  problem: PrintProblem;
  message: string;
  detail: string;
} {
  const problem = error instanceof BluetoothError ? error.problem : 'failed';
  const detail = error instanceof Error ? error.message : String(error);
  return { problem, message: printProblemMessage(problem), detail };
}
