// The dashboard's sign-in lives in a cookie (HttpOnly, SameSite=Strict) holding a staff session
// token; a request carrying it is a manager like one with a bearer token. Writes made with the
// cookie must also carry the X-POS-Dashboard header, which no other site can add without CORS.
import type { Request, RequestHandler, Response } from 'express';
import { SESSION_TTL_MS, type StaffSessions } from '../auth/staff-sessions';

export const SESSION_COOKIE = 'pos_dashboard';
export const DASHBOARD_HEADER = 'x-pos-dashboard';

/** A cookie's value; null when absent or not decodable (another site on this host may set junk). */
export function cookieValue(request: Request, name: string): string | null {
  for (const part of (request.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return null;
    }
  }
  return null;
}

export function setSessionCookie(response: Response, token: string): void {
  response.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    maxAge: SESSION_TTL_MS,
  });
}

export function clearSessionCookie(response: Response): void {
  response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/' });
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Names the caller from the dashboard cookie when no bearer token already did. */
export function identifyByCookie(sessions: StaffSessions): RequestHandler {
  return (request, _response, next) => {
    if (request.caller) return next();
    const token = cookieValue(request, SESSION_COOKIE);
    const session = token ? sessions.find(token) : undefined;
    const headerSent = request.get(DASHBOARD_HEADER) === '1';
    if (token && session && (safeMethods.has(request.method) || headerSent))
      request.caller = {
        kind: 'staff',
        staffId: session.staffId,
        role: session.role,
        session: token,
      };
    next();
  };
}
