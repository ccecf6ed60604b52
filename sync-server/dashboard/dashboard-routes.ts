// The manager's web dashboard at `/`: its page and script, PIN sign-in to a cookie session, the
// live stream (today's figures; word of changes for the close's blockers), and what the device API
// lacks for a person at a browser (devices with their sync state, a pairing code with its QR,
// members, staff roles).
import { randomBytes } from 'node:crypto';
import express, { Router } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  checkPinFormat,
  editEndsSessions,
  hashPin,
  pinProblem,
  roleSchema,
  staffEditProblem,
  verifyPin,
} from '@pos/shared';
import { reinstateDevice, revokeDevice } from '../auth/device-standing';
import { managerId, managerSession, requireManager } from '../http/auth';
import type { HttpDeps } from '../http/deps';
import { HttpError, validate } from '../http/errors';
import { deviceBaseUrl } from '../qr/reachable-url';
import type { ReportService } from '../reports/report-service';
import type { SyncServer } from '../sync/sync-server-options';
import {
  clearSessionCookie,
  cookieValue,
  identifyByCookie,
  SESSION_COOKIE,
  setSessionCookie,
} from './cookie-session';
import { LiveFeed } from './live-feed';
import { chartJsPath, dashboardFile, dashboardScript } from './web-assets';

const signInSchema = z.object({ pin: z.string().min(1).max(12) });
/** Why a device is revoked or reinstated: the dashboard asks, for the audit log. */
const standingSchema = z.object({ reason: z.string().trim().min(1, 'say why').max(200) });
const staffEditSchema = z.object({
  name: z.string().trim().min(1).max(40),
  role: roleSchema,
  active: z.boolean(),
});
const newStaffSchema = staffEditSchema.extend({
  pin: z.string().refine((pin) => checkPinFormat(pin) === null, 'a PIN is 4 to 6 digits'),
});

export interface DashboardDeps extends HttpDeps {
  sync: Pick<SyncServer, 'connectedDevices' | 'outboxStates'>;
  reports: ReportService;
}

export function dashboardRoutes(deps: DashboardDeps): Router {
  const { store, sessions, pairingCodes, reports, logger } = deps;
  const router = Router();
  const live = new LiveFeed(store, reports, deps.sync, deps.now);
  router.use(identifyByCookie(sessions));

  const page = (name: 'index.html' | 'style.css', type: string) =>
    (async (_request, response) => {
      response
        .type(type)
        .set('cache-control', 'no-cache')
        .send(await dashboardFile(name));
    }) satisfies express.RequestHandler;
  router.get('/', page('index.html', 'html'));
  router.get('/dashboard/style.css', page('style.css', 'css'));
  router.get('/dashboard/app.js', async (_request, response) => {
    response
      .type('js')
      .set('cache-control', 'no-cache')
      .send(await dashboardScript());
  });
  router.get('/dashboard/vendor/chart.js', (_request, response) => {
    response.type('js').sendFile(chartJsPath());
  });

  const api = Router();
  api.post('/session', deps.pinAttempts, (request, response) => {
    const { pin } = validate(signInSchema, request.body);
    const manager = Object.values(store.state.staff).find(
      (staff) => staff.active && staff.role === 'manager' && verifyPin(pin, staff.pinHash),
    );
    if (!manager) throw new HttpError(401, 'wrong_pin', 'wrong PIN, or not a manager');
    const session = sessions.open(manager.id, manager.role);
    setSessionCookie(response, session.token);
    logger.info({ staff: manager.id }, 'dashboard sign-in');
    response.status(201).json({ staff: { id: manager.id, name: manager.name } });
  });
  api.delete('/session', (request, response) => {
    const token = cookieValue(request, SESSION_COOKIE);
    const session = token ? sessions.find(token) : undefined;
    if (session) sessions.closeAllOf(session.staffId);
    clearSessionCookie(response);
    response.status(204).end();
  });
  api.get('/me', requireManager, (request, response) => {
    const staff = store.state.staff[managerId(request)];
    response.json({
      staff: { id: staff?.id, name: staff?.name },
      storeName: store.settings.storeName,
      // The dashboard shows times on the store's clock, whatever zone its computer is set to.
      utcOffsetMinutes: store.settings.utcOffsetMinutes,
    });
  });
  api.get('/live', requireManager, (request, response) => {
    // Checked at every event: signing out, a demotion or a deactivation ends the stream too.
    const session = managerSession(request);
    live.open(response, () => sessions.find(session) !== undefined);
  });

  api.get('/devices', requireManager, (_request, response) => {
    const connected = new Set(deps.sync.connectedDevices());
    const devices = Object.values(store.state.devices).map(({ tokenHash: _hash, ...device }) => ({
      ...device,
      connected: connected.has(device.id),
    }));
    response.json({ devices });
  });
  api.post('/devices/:id/revoke', requireManager, async (request, response) => {
    const { reason } = validate(standingSchema, request.body ?? {});
    const by = managerId(request);
    const device = await revokeDevice(store, String(request.params.id), by, reason);
    logger.info({ device: device.code, by }, 'device revoked');
    response.json({ deviceId: device.id, revokedAt: device.revokedAt });
  });
  api.post('/devices/:id/reinstate', requireManager, async (request, response) => {
    const { reason } = validate(standingSchema, request.body ?? {});
    const by = managerId(request);
    const device = await reinstateDevice(store, String(request.params.id), by, reason);
    logger.info({ device: device.code, by }, 'device reinstated');
    response.json({ deviceId: device.id, revokedAt: device.revokedAt });
  });
  api.post('/pairing-code', requireManager, async (request, response) => {
    // Who asked for the code is who paired the device, in the audit log.
    const { code, expiresAt } = pairingCodes.issue(managerId(request));
    // The address the manager's browser reached, as /api/qr/pairing does: one the server listens
    // on (POS_HOST), a LAN one only for a browser on the server's own loopback. A device reads
    // host:port, so the port is spelled out even when it is http's 80.
    const { url, host } = deviceBaseUrl(request);
    const payload = `${url}/pair?code=${code}`;
    const qr = await QRCode.toDataURL(payload, { margin: 2, scale: 6 });
    response.status(201).json({ code, expiresAt, payload, server: host, qr });
  });

  api.get('/members', requireManager, (_request, response) => {
    const members = Object.values(store.state.members).sort((a, b) => b.joinedAt - a.joinedAt);
    response.json({ members });
  });

  api.get('/staff', requireManager, (_request, response) => {
    const staff = Object.values(store.state.staff).map(({ pinHash: _h, ...rest }) => rest);
    response.json({ staff });
  });
  api.put('/staff/:id', requireManager, async (request, response) => {
    const current = store.state.staff[String(request.params.id)];
    if (!current) throw new HttpError(404, 'not_found', `no staff member ${request.params.id}`);
    const edit = validate(staffEditSchema, request.body);
    // A promotion or reactivation brings a PIN unique in the store (pinProblem, when it was set):
    // no other manager signs in with it.
    const problem = staffEditProblem(Object.values(store.state.staff), current, edit);
    if (problem) throw new HttpError(409, 'last_manager', problem);
    await store.commit({
      kind: 'staff.saved',
      staff: { ...current, ...edit },
      by: managerId(request),
    });
    if (editEndsSessions(current, edit)) sessions.closeAllOf(current.id);
    response.json({ staff: { id: current.id, ...edit } });
  });
  api.post('/staff', requireManager, async (request, response) => {
    const { pin, ...fields } = validate(newStaffSchema, request.body);
    const taken = pinProblem(Object.values(store.state.staff), pin, null);
    if (taken) throw new HttpError(409, 'pin_in_use', taken);
    const id = `staff-${randomBytes(4).toString('hex')}`;
    await store.commit({
      kind: 'staff.saved',
      staff: { id, ...fields, pinHash: hashPin(pin, randomBytes(16)) },
      by: managerId(request),
    });
    response.status(201).json({ staff: { id, ...fields } });
  });

  router.use('/dashboard/api', api);
  return router;
}
