// Staff on the HTTP API: PIN sign-in for a session token, the staff list, and PIN changes.
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { checkPinFormat, hashPin, pinProblem, verifyPin } from '@pos/shared';
import { managerId, requireManager } from './auth';
import type { HttpDeps } from './deps';
import { HttpError, validate } from './errors';

const signInSchema = z.object({ staffId: z.string().min(1).max(40), pin: z.string().max(12) });
const pinSchema = z.object({
  pin: z.string().refine((pin) => checkPinFormat(pin) === null, 'a PIN is 4 to 6 digits'),
});

export function staffRoutes({ store, sessions, logger, pinAttempts }: HttpDeps): Router {
  const router = Router();

  router.post('/sessions', pinAttempts, (request, response) => {
    const { staffId, pin } = validate(signInSchema, request.body);
    const staff = store.state.staff[staffId];
    if (!staff || !staff.active || !verifyPin(pin, staff.pinHash))
      throw new HttpError(401, 'wrong_pin', 'wrong staff member or PIN');
    const session = sessions.open(staff.id, staff.role);
    response
      .status(201)
      .json({ ...session, staff: { id: staff.id, name: staff.name, role: staff.role } });
  });

  router.get('/staff', requireManager, (_request, response) => {
    const staff = Object.values(store.state.staff).map(({ pinHash: _pinHash, ...rest }) => rest);
    response.json({ staff });
  });

  router.put('/staff/:id/pin', requireManager, async (request, response) => {
    const staff = store.state.staff[request.params.id as string];
    if (!staff) throw new HttpError(404, 'not_found', `no staff member ${request.params.id}`);
    const { pin } = validate(pinSchema, request.body);
    const taken = pinProblem(Object.values(store.state.staff), pin, staff.id);
    if (taken) throw new HttpError(409, 'pin_in_use', taken);
    const by = managerId(request);
    await store.commit({
      kind: 'staff.saved',
      staff: { ...staff, pinHash: hashPin(pin, randomBytes(16)) },
      by,
    });
    sessions.closeAllOf(staff.id);
    logger.info({ staff: staff.id, by }, 'PIN changed');
    response.json({ staff: { id: staff.id, name: staff.name, role: staff.role } });
  });

  return router;
}
