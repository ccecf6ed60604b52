// Staff: names, roles and who is active; a new PIN for someone; adding a staff member.
import { api, ApiError, isSignedOut } from '../api';
import { h, panel, table } from '../dom';
import { zh } from '../i18n/zh';
import type { Page } from '../types';

const t = zh.staff;

interface StaffRow {
  id: string;
  name: string;
  role: 'manager' | 'cashier';
  active: boolean;
}

const reload = () => dispatchEvent(new HashChangeEvent('hashchange'));
// A 401 is not this page's to report: the manager is back at sign-in already.
const report = (error: unknown) =>
  isSignedOut(error) ||
  alert(`${zh.errors.failed}${error instanceof ApiError ? error.message : String(error)}`);

function roleSelect(value: string): HTMLSelectElement {
  const select = h(
    'select',
    {},
    ...Object.entries(t.roles).map(([role, label]) =>
      h('option', { value: role, selected: role === value }, label),
    ),
  );
  return select;
}

export const staffPage: Page = async (root) => {
  const { staff } = await api<{ staff: StaffRow[] }>('GET', '/dashboard/api/staff');
  const rows = staff.map((s) => {
    const role = roleSelect(s.role);
    const active = h('input', { type: 'checkbox', checked: s.active });
    const save = h(
      'button',
      {
        onclick: () =>
          api('PUT', `/dashboard/api/staff/${s.id}`, {
            name: s.name,
            role: role.value,
            active: active.checked,
          }).then(reload, report),
      },
      t.save,
    );
    const pin = h(
      'button',
      {
        onclick: () => {
          const value = prompt(t.newPin);
          if (value)
            api('PUT', `/api/staff/${s.id}/pin`, { pin: value }).then(() => alert('OK'), report);
        },
      },
      t.setPin,
    );
    return [s.name, role, active, h('span', { class: 'row' }, save, pin)];
  });
  const name = h('input', { placeholder: t.name });
  const role = roleSelect('cashier');
  const pin = h('input', { placeholder: t.newPin, inputmode: 'numeric' });
  const add = h(
    'button',
    {
      class: 'primary',
      onclick: () =>
        api('POST', '/dashboard/api/staff', {
          name: name.value,
          role: role.value,
          active: true,
          pin: pin.value,
        }).then(reload, report),
    },
    t.add,
  );
  root.append(
    h('h2', {}, t.heading),
    panel(null, table([t.name, t.role, t.active, ''], rows)),
    panel(t.add, h('div', { class: 'row' }, name, role, pin, add)),
  );
};
