// Staff: names, roles and who is active; a new PIN for someone; adding a staff member.
import { api, ApiError, isSignedOut } from '../api';
import { failure, h, panel, table, type Child } from '../dom';
import { zh } from '../i18n/zh';
import type { Page } from '../types';

const t = zh.staff;

interface StaffRow {
  id: string;
  name: string;
  role: 'manager' | 'cashier';
  active: boolean;
}

/** The server's longest name (the staff routes' schema). */
const NAME_MAX = 40;

/** The staff routes' refusals, said here; `invalid_request` depends on what was sent. */
const refusals: Record<string, string> = {
  last_manager: t.lastManager,
  pin_in_use: t.pinInUse,
  not_found: t.notFound,
  forbidden: t.forbidden,
  change_failed: t.changeFailed,
  internal: t.serverError,
};

/** What a refused request shows: in Chinese when the code is known, else the server's words. */
function refusalText(error: unknown, invalidRequest: string): string {
  if (!(error instanceof ApiError)) return `${zh.errors.failed}${String(error)}`;
  if (error.code === 'invalid_request') return invalidRequest;
  return refusals[error.code] ?? `${zh.errors.failed}${error.message}`;
}

/**
 * Says why the server refused and shows the rows again, so they show what it kept (an unticked
 * 在职 the server kept ticked). A 401 is not this page's to report: main is back at sign-in.
 */
async function refused(error: unknown, invalidRequest: string, showRows: () => Promise<void>) {
  if (isSignedOut(error)) return;
  alert(refusalText(error, invalidRequest));
  await showRows();
}

/** Runs `work` with `button` disabled: a double click sends one request, not two. */
async function whileDisabled(button: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
  button.disabled = true;
  try {
    await work();
  } finally {
    button.disabled = false;
  }
}

/** The name typed, trimmed; null (after saying so) when it is empty. */
function nameOf(input: HTMLInputElement): string | null {
  const name = input.value.trim();
  if (name === '') alert(t.nameRequired);
  return name === '' ? null : name;
}

function roleSelect(value: string): HTMLSelectElement {
  return h(
    'select',
    {},
    ...Object.entries(t.roles).map(([role, label]) =>
      h('option', { value: role, selected: role === value }, label),
    ),
  );
}

function staffRow(s: StaffRow, showRows: () => Promise<void>): Child[] {
  const name = h('input', { value: s.name, maxlength: NAME_MAX, 'aria-label': t.name });
  const role = roleSelect(s.role);
  const active = h('input', { type: 'checkbox', checked: s.active, 'aria-label': t.active });
  const save = h('button', {}, t.save);
  save.addEventListener('click', () => {
    const newName = nameOf(name);
    if (newName === null) return;
    void whileDisabled(save, () =>
      api('PUT', `/dashboard/api/staff/${s.id}`, {
        name: newName,
        role: role.value,
        active: active.checked,
      }).then(showRows, (error) => refused(error, t.editInvalid, showRows)),
    );
  });
  const pin = h('button', {}, t.setPin);
  pin.addEventListener('click', () => {
    const value = prompt(t.newPin);
    if (!value) return;
    void whileDisabled(pin, () =>
      api('PUT', `/api/staff/${s.id}/pin`, { pin: value }).then(
        () => alert(t.pinSet),
        (error) => refused(error, t.pinFormat, showRows),
      ),
    );
  });
  return [name, role, active, h('span', { class: 'row' }, save, pin)];
}

function addForm(showRows: () => Promise<void>): HTMLElement {
  const name = h('input', { placeholder: t.name, maxlength: NAME_MAX });
  const role = roleSelect('cashier');
  const pin = h('input', { placeholder: t.newPin, inputmode: 'numeric' });
  const add = h('button', { class: 'primary' }, t.add);
  add.addEventListener('click', () => {
    const newName = nameOf(name);
    if (newName === null) return;
    void whileDisabled(add, async () => {
      try {
        await api('POST', '/dashboard/api/staff', {
          name: newName,
          role: role.value,
          active: true,
          pin: pin.value,
        });
      } catch (error) {
        return refused(error, t.newStaffInvalid, showRows);
      }
      // Ready for the next person; the button stays disabled until the list shows this one.
      name.value = '';
      pin.value = '';
      role.value = 'cashier';
      await showRows();
    });
  });
  return panel(t.add, h('div', { class: 'row' }, name, role, pin, add));
}

export const staffPage: Page = async (root) => {
  const list = panel(null);
  const load = async () => {
    const { staff } = await api<{ staff: StaffRow[] }>('GET', '/dashboard/api/staff');
    list.replaceChildren(
      table(
        [t.name, t.role, t.active, ''],
        staff.map((s) => staffRow(s, showRows)),
      ),
    );
  };
  // After a change: a list that fails to load says so (a 401 is main's, at sign-in already).
  const showRows = () =>
    load().catch((error: unknown) => {
      if (!isSignedOut(error)) alert(failure(error));
    });
  await load();
  root.append(h('h2', {}, t.heading), list, addForm(showRows));
};
