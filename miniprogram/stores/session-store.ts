// The device and who is using it: pairing, PIN sign-in checked offline against the synced PIN
// hashes, wrong-PIN lockout, manager approval, and un-pairing (refused while anything is unsynced,
// a shift is open or a pay QR may be paid here, and only with a manager: signed in, or approving
// with their PIN).
// The manager PIN's lockout (core/staff-session.ts) refuses approvals and signing in as a manager,
// not a cashier's own sign-in: the till keeps selling while the manager's PIN is locked.
import { makeAutoObservable } from 'mobx-miniprogram';
import { ruleError, verifyPin, type Checked, type Role, type Staff } from '@pos/shared';
import type { Clock } from '../adapters/clock';
import type { HttpClient } from '../adapters/http-request';
import { publicInfo, type DevicePublicInfo } from '../core/device-identity';
import type { Ledger } from '../core/ledger';
import { pairWithServer, type PairInput } from '../core/pairing';
import { unpairBlock } from '../core/unpair-guards';
import {
  afterRightPin,
  afterRightManagerPin,
  afterWrongManagerPin,
  afterWrongPin,
  loadSession,
  lockMessage,
  managerLockMessage,
  saveSession,
  signedOut,
  type SessionRecord,
} from '../core/staff-session';

export interface StaffMember {
  id: string;
  name: string;
  role: Role;
}

export interface SessionDeps {
  ledger: Ledger;
  clock: Clock;
  http: HttpClient;
  /** Where to pair when the form leaves the address empty. */
  defaultServerAddress?: string;
  /** Told when the device got or lost its identity, to start or stop syncing. */
  onPaired(): void;
  onUnpaired(): void;
  /** A pay QR on this till may still be paid: un-pairing would forget its order. */
  payQrOpen?(): boolean;
}

export class SessionStore {
  device: DevicePublicInfo | null = null;
  staff: StaffMember | null = null;
  /** Staff who may sign in here, for the sign-in picker (no PIN hashes). */
  staffList: StaffMember[] = [];
  /** When the signed-in member last touched a staff screen (null: nobody signed in). */
  lastActiveAt: number | null = null;
  /** Sign-in is locked until then (too many wrong PINs); null or past: open. */
  lockedUntil: number | null = null;
  /** Manager PINs (approvals, a manager's sign-in) are locked until then; null or past: open. */
  approvalLockedUntil: number | null = null;
  pairing = false;
  private record: SessionRecord = signedOut;
  /** The pairing under way: a second pair() meanwhile (a double tap) waits for it, sends nothing. */
  private pairingInFlight: Promise<Checked<DevicePublicInfo>> | null = null;

  constructor(private readonly deps: SessionDeps) {
    makeAutoObservable<SessionStore, 'deps' | 'record' | 'pairingInFlight'>(
      this,
      { deps: false, record: false, pairingInFlight: false },
      { autoBind: true },
    );
    this.record = loadSession(deps.ledger.storage);
    this.refresh();
  }

  get isPaired(): boolean {
    return this.device !== null;
  }

  get isSignedIn(): boolean {
    return this.staff !== null;
  }

  get role(): Role | null {
    return this.staff?.role ?? null;
  }

  get isManager(): boolean {
    return this.staff?.role === 'manager';
  }

  get isKiosk(): boolean {
    return this.device?.kind === 'kiosk';
  }

  /**
   * Who a sale rung up now is by: the signed-in staff member, a kiosk's too in its staff mode (a
   * manager's sale there is theirs, not a customer's waiting at the counter), else the kiosk's
   * customer. Null when neither can sell (a register with nobody signed in).
   */
  get seller():
    { source: 'register'; cashierId: string } | { source: 'kiosk'; cashierId: null } | null {
    if (this.staff) return { source: 'register', cashierId: this.staff.id };
    return this.isKiosk ? { source: 'kiosk', cashierId: null } : null;
  }

  /** A touch on a staff screen. Kept in memory: a storage write per tap would slow every tap. */
  noteActivity(): void {
    if (!this.record.staffId) return;
    this.record = { ...this.record, lastActiveAt: this.deps.clock.now() };
    this.lastActiveAt = this.record.lastActiveAt;
  }

  /** Going to the background: the last touch is written, so a restart still knows it. */
  saveActivity(): void {
    if (this.record.staffId) this.save(this.record);
  }

  /** Re-reads the device and staff; a signed-in member who left (inactive) is signed out. */
  refresh(): void {
    const { identity, replica } = this.deps.ledger;
    this.device = identity ? publicInfo(identity) : null;
    const active = replica.staff.values().filter((s) => s.active);
    this.staffList = active.map(toMember);
    const signedIn = active.find((s) => s.id === this.record.staffId);
    this.staff = signedIn ? toMember(signedIn) : null;
    this.lastActiveAt = signedIn ? this.record.lastActiveAt : null;
    this.lockedUntil = this.record.lockedUntil;
    this.approvalLockedUntil = this.record.approvalLockedUntil;
  }

  /**
   * Trades the server's one-time code for this device's identity. While a pairing is under way,
   * another call sends nothing and answers with that pairing's result: the code works only once,
   * so a second request (a double tap) could only be refused.
   */
  pair(
    input: Omit<PairInput, 'serverAddress'> & { serverAddress?: string },
  ): Promise<Checked<DevicePublicInfo>> {
    if (this.pairingInFlight) return this.pairingInFlight;
    const pairing = this.pairOnce(input);
    this.pairingInFlight = pairing;
    const settled = () => {
      if (this.pairingInFlight === pairing) this.pairingInFlight = null;
    };
    pairing.then(settled, settled);
    return pairing;
  }

  private async pairOnce(
    input: Omit<PairInput, 'serverAddress'> & { serverAddress?: string },
  ): Promise<Checked<DevicePublicInfo>> {
    if (this.device)
      return ruleError(
        'already_paired',
        `this device is already paired as ${this.device.deviceCode}`,
      );
    const serverAddress = input.serverAddress ?? this.deps.defaultServerAddress ?? '';
    this.pairing = true;
    const paired = await pairWithServer(
      this.deps.http,
      { ...input, serverAddress },
      this.deps.clock.now(),
    );
    this.finishPairing();
    if (!paired.ok) return paired;
    try {
      this.deps.ledger.setIdentity(paired.value);
    } catch (error) {
      return ruleError('storage_error', (error as Error).message);
    }
    this.refresh();
    this.deps.onPaired();
    return { ok: true, value: publicInfo(paired.value) };
  }

  private finishPairing(): void {
    this.pairing = false;
  }

  /**
   * Forgets the pairing and every local record; refused while anything may not be on the server
   * (unsynced, refused, or unreadable by this app version), while a shift is open on this device
   * (its drawer could never be counted: only this device can close it) and while a pay QR here may
   * still be paid (core/unpair-guards.ts). A manager decides: one signed in, or `managerPin`
   * checked as any approval is (and counted when wrong).
   */
  unpair(managerPin?: string): Checked<null> {
    const blocked = unpairBlock(this.deps.ledger, this.deps.payQrOpen?.() ?? false);
    if (blocked) return blocked;
    if (!this.isManager) {
      if (managerPin === undefined)
        return ruleError(
          'approval_missing',
          "un-pairing clears this device's data: a manager must approve it (signed in, or with their PIN)",
        );
      const approval = this.approveAsManager(managerPin);
      if (!approval.ok) return approval;
    }
    this.deps.onUnpaired();
    this.deps.ledger.clearAll();
    this.record = signedOut;
    this.refresh();
    return { ok: true, value: null };
  }

  /**
   * Signs a staff member in by PIN, checked on the device (works offline). Signing in as a manager
   * is a manager PIN too: refused while those are locked, and a wrong one counts there as well.
   */
  signIn(staffId: string, pin: string): Checked<StaffMember> {
    const now = this.deps.clock.now();
    const locked = lockMessage(this.record, now);
    if (locked) return ruleError('locked', locked);
    const staff = this.deps.ledger.replica.staff.get(staffId);
    if (!staff || !staff.active)
      return ruleError(
        'unknown_staff',
        'no such staff member on this device: sync, then try again',
      );
    const asManager = staff.role === 'manager';
    const managerLocked = asManager ? managerLockMessage(this.record, now) : null;
    if (managerLocked) return ruleError('locked', managerLocked);
    if (!verifyPin(pin, staff.pinHash)) return this.wrongPin(asManager);
    const signedIn = {
      ...this.record,
      ...afterRightPin(this.record),
      staffId,
      signedInAt: now,
      lastActiveAt: now,
    };
    this.save(asManager ? afterRightManagerPin(signedIn) : signedIn);
    return { ok: true, value: toMember(staff) };
  }

  /** Always allowed: the outbox belongs to the device, not to the cashier. */
  signOut(): void {
    this.save({ ...this.record, staffId: null, signedInAt: null, lastActiveAt: null });
  }

  /**
   * A manager's PIN for a refund, void, override or large discount: the approving manager. Wrong
   * ones have their own count and lockout (not sign-in's: a cashier's sign-in does not clear it).
   */
  approveAsManager(pin: string): Checked<StaffMember> {
    const now = this.deps.clock.now();
    const locked = managerLockMessage(this.record, now);
    if (locked) return ruleError('locked', locked);
    const manager = this.deps.ledger.replica.staff
      .values()
      .find((s: Staff) => s.active && s.role === 'manager' && verifyPin(pin, s.pinHash));
    if (!manager) {
      this.save(afterWrongManagerPin(this.record, now));
      const lockedNow = managerLockMessage(this.record, now);
      return ruleError(lockedNow ? 'locked' : 'wrong_pin', lockedNow ?? 'not a manager PIN');
    }
    this.save(afterRightManagerPin(this.record));
    return { ok: true, value: toMember(manager) };
  }

  /** A wrong sign-in PIN: sign-in's count, and the manager PIN's too when it was a manager's. */
  private wrongPin(asManager: boolean): Checked<never> {
    const now = this.deps.clock.now();
    const counted = { ...this.record, ...afterWrongPin(this.record, now) };
    this.save(asManager ? afterWrongManagerPin(counted, now) : counted);
    const locked =
      lockMessage(this.record, now) ?? (asManager ? managerLockMessage(this.record, now) : null);
    return ruleError(locked ? 'locked' : 'wrong_pin', locked ?? 'wrong PIN');
  }

  private save(record: SessionRecord): void {
    // The sign-in state is worth keeping, but a full storage must not stop anyone signing in.
    try {
      saveSession(this.deps.ledger.storage, record);
    } catch {
      // Kept in memory for this run.
    }
    this.record = record;
    this.refresh();
  }
}

function toMember(staff: Staff): StaffMember {
  return { id: staff.id, name: staff.name, role: staff.role };
}
