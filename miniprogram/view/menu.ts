// The menu a cashier moves between screens with: register, orders, shift, manager (managers
// only) and settings, with the current one marked. Pure.
import { text } from '../i18n/index';
import type { Screen } from './navigation';

export type MenuScreen = Extract<Screen, 'register' | 'orders' | 'shift' | 'manager' | 'settings'>;

export interface MenuItem {
  screen: MenuScreen;
  label: string;
  /** Vant icon name. */
  icon: string;
  current: boolean;
}

const items: Array<Omit<MenuItem, 'current' | 'label'>> = [
  { screen: 'register', icon: 'cart-o' },
  { screen: 'orders', icon: 'orders-o' },
  { screen: 'shift', icon: 'balance-o' },
  { screen: 'manager', icon: 'chart-trending-o' },
  { screen: 'settings', icon: 'setting-o' },
];

export function menuItems(current: string, isManager: boolean): MenuItem[] {
  return items
    .filter((item) => item.screen !== 'manager' || isManager)
    .map((item) => ({ ...item, label: text.menu[item.screen], current: item.screen === current }));
}
