// The menu between a cashier's screens: register, orders, shift, manager (managers only) and
// settings. From the register a screen opens on top; between the others it replaces the current.
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { menuItems, type MenuItem, type MenuScreen } from '../../view/menu';
import { open, switchTo } from '../../view/navigation';
import { pos } from '../../view/pos';

ComponentWithStore({
  properties: {
    /** The screen showing it. */
    current: { type: String, value: 'register' },
  },
  data: { isManager: false, items: [] as MenuItem[] },
  storeBindings: {
    store: pos,
    fields: { isManager: () => pos.session.isManager },
    actions: {},
  },
  observers: {
    'current, isManager'(current: string, isManager: boolean) {
      this.setData({ items: menuItems(current, isManager) });
    },
  },
  methods: {
    onGo(event: WechatMiniprogram.BaseEvent) {
      const screen = String(event.currentTarget.dataset.screen) as MenuScreen;
      if (screen === this.data.current) return;
      if (this.data.current === 'register') open(screen);
      else switchTo(screen);
    },
  },
});
