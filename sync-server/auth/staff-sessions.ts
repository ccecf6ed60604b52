// Staff sessions on the server's HTTP API: a PIN sign-in gives a bearer token for 12 hours.
// In memory only; a restart signs everyone out.
import { randomBytes } from 'node:crypto';
import type { Role } from '@pos/shared';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface StaffSession {
  staffId: string;
  role: Role;
  expiresAt: number;
}

export class StaffSessions {
  private readonly sessions = new Map<string, StaffSession>();

  constructor(private readonly now: () => number) {}

  open(staffId: string, role: Role): { token: string; expiresAt: number } {
    // A session nobody uses again is never looked up: it is let go here, or it stays until a restart.
    this.forgetExpired();
    const token = `s_${randomBytes(32).toString('base64url')}`;
    const expiresAt = this.now() + SESSION_TTL_MS;
    this.sessions.set(token, { staffId, role, expiresAt });
    return { token, expiresAt };
  }

  find(token: string): StaffSession | undefined {
    const session = this.sessions.get(token);
    if (session && session.expiresAt <= this.now()) {
      this.sessions.delete(token);
      return undefined;
    }
    return session;
  }

  /** Sessions held: the live ones, and expired ones not yet let go. */
  get held(): number {
    return this.sessions.size;
  }

  /** Signs a staff member out everywhere (their PIN changed, or they left). */
  closeAllOf(staffId: string): void {
    for (const [token, session] of this.sessions)
      if (session.staffId === staffId) this.sessions.delete(token);
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [token, { expiresAt }] of this.sessions)
      if (expiresAt <= now) this.sessions.delete(token);
  }
}
