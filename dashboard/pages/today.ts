// Today live: sales so far, orders per hour, the tender mix and the best sellers, redrawn on every
// summary the server streams (server-sent events fed by the store's durable changes).
import type { Chart as ChartType } from 'chart.js';
import type { LiveSummary } from '../../shared/report';
import { api, isSignedOut } from '../api';
import { card, h, panel, table, yuan } from '../dom';
import { zh } from '../i18n/zh';
import type { Page } from '../types';

declare const Chart: typeof ChartType;

/** As the server's `retry:` for a dropped stream. */
const RECONNECT_MS = 2000;

export const todayPage: Page = async (root) => {
  const status = h('span', { class: 'badge warn', 'data-test': 'live-status' }, zh.today.offline);
  const cards = h('div', { class: 'cards' });
  const hourCanvas = h('canvas', { height: 220 });
  const tenderCanvas = h('canvas', { height: 220 });
  const top = h('div', {});
  root.append(
    h('div', { class: 'row' }, h('h2', {}, zh.today.heading), status),
    cards,
    h(
      'div',
      { class: 'grid2' },
      panel(zh.today.perHour, hourCanvas),
      panel(zh.today.tenderMix, tenderCanvas),
    ),
    panel(zh.today.topProducts, top),
  );
  const hourChart = new Chart<'bar', number[], string>(hourCanvas, {
    type: 'bar',
    data: {
      labels: [],
      datasets: [{ label: zh.today.orders, data: [], backgroundColor: '#1664ff' }],
    },
    options: {
      animation: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
  const tenderChart = new Chart<'doughnut', number[], string>(tenderCanvas, {
    type: 'doughnut',
    data: {
      labels: [],
      datasets: [{ data: [], backgroundColor: ['#14c9c9', '#00b42a', '#ff7d00'] }],
    },
    options: { animation: false },
  });

  function draw(summary: LiveSummary): void {
    cards.replaceChildren(
      card(zh.today.sales, yuan(summary.sales), 'sales'),
      card(zh.today.orders, String(summary.orderCount), 'orders'),
      card(zh.today.average, yuan(summary.averageOrder)),
      card(zh.today.refunds, yuan(summary.refunds)),
      card(zh.today.net, yuan(summary.net)),
    );
    hourChart.data.labels = summary.hours.map((row) => `${row.hour}时`);
    hourChart.data.datasets[0].data = summary.hours.map((row) => row.orderCount);
    hourChart.update();
    tenderChart.data.labels = summary.tenders.map((row) => zh.tenders[row.method] ?? row.method);
    tenderChart.data.datasets[0].data = summary.tenders.map((row) => row.amount / 100);
    tenderChart.update();
    top.replaceChildren(
      table(
        [zh.catalog.name, [zh.report.qty, 'num'], [zh.report.net, 'num']],
        summary.topProducts.map((p) => [p.name, p.qty, yuan(p.net)]),
      ),
    );
    root.dataset.orders = String(summary.orderCount);
  }

  // The browser reconnects by itself while the server does not answer; it gives up for good when
  // the server answers with anything but a stream: a 401 once the session has ended (expired,
  // signed out elsewhere, a restart), when the manager must sign in again (api's 401 sees to it).
  // Otherwise (a 5xx) the stream is opened again after a while, never left for dead.
  let events: EventSource;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let left = false;
  const connect = () => {
    events = new EventSource('/dashboard/api/live');
    events.addEventListener('summary', (event) => {
      status.className = 'badge ok';
      status.textContent = zh.today.live;
      draw(JSON.parse((event as MessageEvent<string>).data) as LiveSummary);
    });
    events.onerror = () => {
      status.className = 'badge warn';
      status.textContent = zh.today.offline;
      if (events.readyState !== EventSource.CLOSED) return;
      api('GET', '/dashboard/api/me').then(
        () => {
          if (!left) retry = setTimeout(connect, RECONNECT_MS);
        },
        (error: unknown) => {
          if (!left && !isSignedOut(error)) retry = setTimeout(connect, RECONNECT_MS);
        },
      );
    };
  };
  connect();
  return () => {
    left = true;
    clearTimeout(retry);
    events.close();
    hourChart.destroy();
    tenderChart.destroy();
  };
};
