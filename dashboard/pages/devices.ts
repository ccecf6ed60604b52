// Devices: their sync state and last contact, revoking one (or reinstating it), and a new pairing
// code with its QR.
import { api, isSignedOut } from '../api';
import { clock, failure, h, panel, table } from '../dom';
import { zh } from '../i18n/zh';
import type { Page } from '../types';

const t = zh.devices;

interface DeviceRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  revokedAt: number | null;
  lastSeenAt: number | null;
  ackedSeq: number;
  maxSeq: number;
  missingSeqs: number[];
  connected: boolean;
}

export const devicesPage: Page = async (root) => {
  const { devices } = await api<{ devices: DeviceRow[] }>('GET', '/dashboard/api/devices');
  const pairing = h('div', { class: 'qr', 'data-test': 'pairing' });
  // A click's failure is said here: left to the click handler it went to the console alone.
  const problem = h('div', { class: 'error', 'data-test': 'devices-error' });
  const attempt = (action: () => Promise<void>) => async () => {
    problem.textContent = '';
    try {
      await action();
    } catch (error) {
      if (!isSignedOut(error)) problem.textContent = failure(error);
    }
  };
  const newCode = h('button', { class: 'primary', 'data-test': 'new-code' }, t.newCode);
  newCode.addEventListener(
    'click',
    attempt(async () => {
      const issued = await api<{ code: string; qr: string; server: string; expiresAt: number }>(
        'POST',
        '/dashboard/api/pairing-code',
      );
      pairing.replaceChildren(
        h(
          'div',
          { class: 'row' },
          h('img', { src: issued.qr, alt: issued.code, 'data-test': 'pairing-qr' }),
          h(
            'div',
            {},
            h(
              'div',
              { style: 'font-size:32px;letter-spacing:6px', 'data-test': 'pairing-code' },
              issued.code,
            ),
            h('div', {}, `${t.server}: ${issued.server}`),
            h('div', { class: 'muted' }, `${t.codeHelp}（${clock(issued.expiresAt)} 前）`),
          ),
        ),
      );
    }),
  );
  const state = (d: DeviceRow) =>
    d.revokedAt !== null
      ? h('span', { class: 'badge bad' }, t.revoked)
      : d.connected
        ? h('span', { class: 'badge ok' }, t.online)
        : h('span', { class: 'badge warn' }, t.offline);
  /** Revoking, or reinstating one revoked (by mistake: its unsynced sales are still on it). */
  const standing = (d: DeviceRow) => {
    const revoked = d.revokedAt !== null;
    const action = revoked ? 'reinstate' : 'revoke';
    return h(
      'button',
      {
        class: revoked ? '' : 'danger',
        'data-test': `${action}-${d.id}`,
        onclick: attempt(async () => {
          const reason = prompt(revoked ? t.reinstateReason : t.revokeReason);
          if (!reason) return;
          await api('POST', `/dashboard/api/devices/${d.id}/${action}`, { reason });
          dispatchEvent(new HashChangeEvent('hashchange'));
        }),
      },
      revoked ? t.reinstate : t.revoke,
    );
  };
  root.append(
    h(
      'div',
      { class: 'row' },
      h('h2', {}, t.heading),
      newCode,
      // The dashboard's cookie session reaches the manager's card endpoint (a GET).
      h(
        'a',
        {
          class: 'button',
          href: '/api/qr/join-card.pdf',
          target: '_blank',
          title: t.joinCardHelp,
          'data-test': 'join-card',
        },
        t.joinCard,
      ),
    ),
    pairing,
    problem,
    panel(
      null,
      table(
        [t.code, t.name, t.kind, t.state, t.lastSeen, [t.acked, 'num'], t.missing, ''],
        devices.map((d) => [
          d.code,
          d.name,
          d.kind,
          state(d),
          h(
            'span',
            { 'data-test': `last-seen-${d.id}` },
            d.lastSeenAt ? clock(d.lastSeenAt, true) : t.never,
          ),
          `${d.ackedSeq} / ${d.maxSeq}`,
          d.missingSeqs.join(', '),
          standing(d),
        ]),
      ),
    ),
  );
};
