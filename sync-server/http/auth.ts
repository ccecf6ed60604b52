// Who is calling: a paired device (its token) or signed-in staff (a session token).
// Manager-only endpoints refuse cashiers and devices alike.
import type { Request, RequestHandler } from 'express';
import type { Role } from '@pos/shared';
import type { StaffSessions } from '../auth/staff-sessions';
import type { Store } from '../store/store';
import { HttpError } from './errors';

export type Caller =
  | { kind: 'device'; deviceId: string }
  /** `session`: the token that signed them in, for what must end when that session does. */
  | { kind: 'staff'; staffId: string; role: Role; session: string };

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

function bearerToken(request: Request): string | null {
  const header = request.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

export function identify(store: Store, sessions: StaffSessions): RequestHandler {
  return (request, _response, next) => {
    const token = bearerToken(request);
    if (token) {
      const device = store.deviceByToken(token);
      if (device && device.revokedAt === null)
        request.caller = { kind: 'device', deviceId: device.id };
      const session = sessions.find(token);
      if (session)
        request.caller = {
          kind: 'staff',
          staffId: session.staffId,
          role: session.role,
          session: token,
        };
    }
    next();
  };
}

/** A paired device or any signed-in staff member. */
export const requireCaller: RequestHandler = (request, _response, next) => {
  if (!request.caller)
    throw new HttpError(401, 'unauthorized', 'sign in, or use a paired device token');
  next();
};

export const requireManager: RequestHandler = (request, _response, next) => {
  const caller = request.caller;
  if (!caller) throw new HttpError(401, 'unauthorized', 'sign in with a manager PIN');
  if (caller.kind !== 'staff' || caller.role !== 'manager')
    throw new HttpError(403, 'forbidden', 'only a manager may do this');
  next();
};

/** The session token a manager's request came with (requireManager must have run). */
export function managerSession(request: Request): string {
  const caller = request.caller;
  if (caller?.kind !== 'staff') throw new HttpError(403, 'forbidden', 'only a manager may do this');
  return caller.session;
}

export function managerId(request: Request): string {
  const caller = request.caller;
  if (caller?.kind !== 'staff') throw new HttpError(403, 'forbidden', 'only a manager may do this');
  return caller.staffId;
}
