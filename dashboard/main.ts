// The manager's dashboard in the browser: PIN sign-in, then one page per hash route (#/today...).
import { api, ApiError, isSignedOut, onSessionEnded } from './api';
import { h, useStoreClock } from './dom';
import { zh } from './i18n/zh';
import { auditPage } from './pages/audit';
import { catalogPage } from './pages/catalog';
import { closePage } from './pages/close';
import { devicesPage } from './pages/devices';
import { exportsPage } from './pages/exports';
import { membersPage } from './pages/members';
import { reportPage } from './pages/report';
import { staffPage } from './pages/staff';
import { todayPage } from './pages/today';
import type { Page } from './types';

const pages: Record<string, Page> = {
  today: todayPage,
  report: reportPage,
  close: closePage,
  devices: devicesPage,
  staff: staffPage,
  catalog: catalogPage,
  members: membersPage,
  audit: auditPage,
  exports: exportsPage,
};

const app = document.getElementById('app') as HTMLElement;
let leave: (() => void) | void;
/** Signed in and showing pages: a 401 from then on means the session ended under the manager. */
let signedIn = false;

/** Leaves the page shown (its stream closed) and stops following the address. */
function leavePages(): void {
  signedIn = false;
  window.onhashchange = null;
  leave?.();
  leave = undefined;
}

onSessionEnded(() => {
  if (!signedIn) return;
  leavePages();
  signInForm(zh.signIn.expired);
});

/** What the PIN form says of a failed sign-in: the server's words only where it has none. */
function signInRefusal(failure: unknown): string {
  if (!(failure instanceof ApiError)) return String((failure as Error).message);
  if (failure.status === 401) return zh.signIn.wrong;
  // A lockout's message ends with the minutes to wait ("... try again in 15 minutes").
  const minutes = Number(/(\d+) minutes?\D*$/.exec(failure.message)?.[1]) || null;
  if (failure.code === 'store_locked_out') return zh.signIn.storeLockedOut(minutes);
  if (failure.code === 'locked_out') return zh.signIn.lockedOut(minutes);
  return failure.message;
}

/** The PIN form; `notice` says why it is back (the session ended), the page returns after. */
function signInForm(notice = ''): void {
  const pin = h('input', {
    type: 'password',
    inputmode: 'numeric',
    autocomplete: 'off',
    maxlength: 6,
    'data-test': 'pin',
  });
  const error = h('div', { class: 'error', 'data-test': 'signin-error' }, notice);
  const form = h(
    'form',
    { class: 'signin' },
    h('h2', {}, zh.signIn.heading),
    h('label', {}, zh.signIn.pin, pin),
    h('button', { class: 'primary', type: 'submit' }, zh.signIn.submit),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('POST', '/dashboard/api/session', { pin: pin.value });
      await start();
    } catch (failure) {
      error.textContent = signInRefusal(failure);
    }
  });
  app.replaceChildren(form);
  pin.focus();
}

async function render(main: HTMLElement, nav: HTMLElement): Promise<void> {
  leave?.();
  leave = undefined;
  const [path, search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const name = pages[path] ? path : 'today';
  for (const link of nav.querySelectorAll('a'))
    link.classList.toggle('active', link.dataset.page === name);
  main.replaceChildren();
  main.dataset.page = name;
  main.dataset.ready = 'false';
  try {
    leave = await pages[name](main, new URLSearchParams(search));
  } catch (error) {
    // The session ended: the sign-in form has replaced the page already.
    if (isSignedOut(error)) return;
    main.append(
      h('div', { class: 'notice bad' }, `${zh.errors.failed}${(error as Error).message}`),
    );
  }
  main.dataset.ready = 'true';
}

async function start(): Promise<void> {
  let me: { staff: { name: string }; storeName: string; utcOffsetMinutes: number };
  try {
    me = await api('GET', '/dashboard/api/me');
  } catch {
    return signInForm();
  }
  signedIn = true;
  useStoreClock(me.utcOffsetMinutes);
  const nav = h(
    'nav',
    {},
    ...Object.keys(pages).map((page) =>
      h('a', { href: `#/${page}`, 'data-page': page }, (zh.nav as Record<string, string>)[page]),
    ),
  );
  const signOut = h(
    'button',
    {
      onclick: async () => {
        leavePages();
        await api('DELETE', '/dashboard/api/session').catch(() => undefined);
        signInForm();
      },
    },
    zh.signIn.signOut,
  );
  const main = h('main', {});
  app.replaceChildren(
    h(
      'header',
      {},
      h('h1', {}, `${me.storeName} · ${zh.title}`),
      nav,
      h('span', { class: 'who' }, me.staff.name, ' ', signOut),
    ),
    main,
  );
  window.onhashchange = () => void render(main, nav);
  await render(main, nav);
}

void start();
