// Pairing and devices: a device trades a pairing code for its token; managers issue codes,
// list devices with their sync state, revoke them and reinstate one revoked by mistake.
import { Router } from 'express';
import { z } from 'zod';
import { deviceKindSchema } from '@pos/shared';
import { reinstateDevice, revokeDevice } from '../auth/device-standing';
import { pairDevice } from '../auth/pair-device';
import { requireManager, managerId } from './auth';
import type { HttpDeps } from './deps';
import { HttpError, validate } from './errors';

const pairRequestSchema = z.object({
  code: z.string().regex(/^\d{6}$/, 'must be the 6-digit pairing code'),
  name: z.string().trim().min(1).max(40),
  kind: deviceKindSchema,
});

/** Why a device is revoked or reinstated, for the audit log; optional here (the dashboard asks). */
const standingRequestSchema = z.object({ reason: z.string().trim().max(200).default('') });

/**
 * Wrong pairing codes. The store's ceiling is one code's lifetime (10 minutes) of 20 guesses from
 * any number of addresses: at most a 1-in-50,000 chance at each live 6-digit code. Staff mistyping
 * a code on a few devices stay far below it. The price: a laptop on the LAN that keeps guessing
 * keeps new devices from pairing until it stops; paired devices are not affected.
 */
export const PAIRING_ATTEMPT_LIMITS = {
  perAddress: { failures: 5, windowMs: 15 * 60_000 },
  storeWide: { failures: 20, windowMs: 10 * 60_000 },
};

export function deviceRoutes({ store, pairingCodes, now, logger, limits }: HttpDeps): Router {
  const router = Router();

  router.post(
    '/pair',
    limits.failedAttempts({
      ...PAIRING_ATTEMPT_LIMITS.perAddress,
      what: 'pairing',
      storeWide: { ...PAIRING_ATTEMPT_LIMITS.storeWide, action: 'pairing', logger },
    }),
    async (request, response) => {
      const { code, name, kind } = validate(pairRequestSchema, request.body);
      const { check, issuedBy } = pairingCodes.redeem(code);
      if (check === 'expired')
        throw new HttpError(
          400,
          'code_expired',
          'this pairing code has expired: ask for a new one',
        );
      if (check === 'unknown')
        throw new HttpError(400, 'code_unknown', 'no such pairing code (each code works once)');
      const paired = await pairDevice(store, name, kind, now(), issuedBy);
      logger.info({ device: paired.deviceCode, name, kind }, 'device paired');
      response.status(201).json({ ...paired, storeName: store.settings.storeName });
    },
  );

  router.post('/pairing-codes', requireManager, (request, response) => {
    response.status(201).json(pairingCodes.issue(managerId(request)));
  });

  router.get('/devices', requireManager, (_request, response) => {
    response.json({ devices: store.devices() });
  });

  router.post('/devices/:id/revoke', requireManager, async (request, response) => {
    const { reason } = validate(standingRequestSchema, request.body ?? {});
    const by = managerId(request);
    const device = await revokeDevice(store, request.params.id as string, by, reason);
    logger.info({ device: device.code, by }, 'device revoked');
    response.json({ device: store.devices().find((info) => info.id === device.id) });
  });

  router.post('/devices/:id/reinstate', requireManager, async (request, response) => {
    const { reason } = validate(standingRequestSchema, request.body ?? {});
    const by = managerId(request);
    const device = await reinstateDevice(store, request.params.id as string, by, reason);
    logger.info({ device: device.code, by }, 'device reinstated');
    response.json({ device: store.devices().find((info) => info.id === device.id) });
  });

  return router;
}
