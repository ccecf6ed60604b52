// Today live: sales so far, orders per hour, the tender mix and the best sellers, redrawn on every
// summary the server streams (server-sent events fed by the store's durable changes, and one when
// the business day turns). The business day is shown: past midnight, "today" is still yesterday's
// until 04:00, and a manager should not have to guess which day the figures are.
import type { Chart as ChartType } from 'chart.js';
import type { LiveSummary } from '../../shared/report';
import { card, h, panel, table, yuan } from '../dom';
import { zh } from '../i18n/zh';
import { followLive } from '../live';
import { soldQuantity } from '../sold-quantity';
import type { Page } from '../types';

declare const Chart: typeof ChartType;

export const todayPage: Page = async (root) => {
  const status = h('span', { class: 'badge warn', 'data-test': 'live-status' }, zh.today.offline);
  const day = h('span', { class: 'muted', 'data-test': 'business-day' });
  const cards = h('div', { class: 'cards' });
  const hourCanvas = h('canvas', { height: 220 });
  const tenderCanvas = h('canvas', { height: 220 });
  const top = h('div', { 'data-test': 'top-products' });
  root.append(
    h('div', { class: 'row' }, h('h2', {}, zh.today.heading), day, status),
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
    day.textContent = zh.today.businessDay(summary.businessDay);
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
        summary.topProducts.map((p) => [p.name, soldQuantity(p), yuan(p.net)]),
      ),
    );
    root.dataset.orders = String(summary.orderCount);
  }

  const stopLive = followLive({
    events: {
      summary: (data) => {
        status.className = 'badge ok';
        status.textContent = zh.today.live;
        draw(JSON.parse(data) as LiveSummary);
      },
    },
    onDrop: () => {
      status.className = 'badge warn';
      status.textContent = zh.today.offline;
    },
  });
  return () => {
    stopLive();
    hourChart.destroy();
    tenderChart.destroy();
  };
};
