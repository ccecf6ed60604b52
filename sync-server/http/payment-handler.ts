// The payment routes' handlers: async, with a PaymentError reaching the client as the API's error
// shape (its status and code) rather than as a 500.
import type { RequestHandler } from 'express';
import { HttpError } from './errors';
import { PaymentError } from '../payments/payment-errors';

/** Runs an async handler, turning a PaymentError into the API's error shape. */
export function handle(run: RequestHandler): RequestHandler {
  return async (request, response, next) => {
    try {
      await run(request, response, next);
    } catch (error) {
      next(
        error instanceof PaymentError
          ? new HttpError(error.status, error.code, error.message)
          : error,
      );
    }
  };
}
