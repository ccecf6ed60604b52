// A business day's CSV links. Each downloads its file through api's checks, then hands it to the
// browser to save: a plain <a download> link would save nothing, and say nothing, once the session
// has ended.
import { apiFile, isSignedOut } from './api';
import { failure, h } from './dom';
import { zh } from './i18n/zh';

/** Saves the file at `path` under the server's name for it (`fallbackName` when it gives none). */
async function downloadFile(path: string, fallbackName: string): Promise<void> {
  try {
    const { blob, fileName } = await apiFile(path);
    const url = URL.createObjectURL(blob);
    const link = Object.assign(document.createElement('a'), {
      href: url,
      download: fileName ?? fallbackName,
    });
    document.body.append(link);
    link.click();
    link.remove();
    // The browser has taken the file once the click is handled; the next task may let it go.
    setTimeout(() => URL.revokeObjectURL(url));
  } catch (error) {
    // A 401 is main's: the manager is at sign-in already, told the session ended.
    if (!isSignedOut(error)) alert(failure(error));
  }
}

/** The day's CSV files; each is fetched through api, so a session that ended goes to sign-in. */
export function csvLinks(day: string): HTMLElement {
  const link = (name: string, label: string) => {
    const path = `/api/reports/days/${day}/${name}.csv`;
    const fileName = `${name}-${day}.csv`;
    const save = (event: Event) => {
      event.preventDefault();
      void downloadFile(path, fileName);
    };
    return h(
      'a',
      {
        class: 'button',
        href: path,
        download: fileName,
        'data-test': `csv-${name}`,
        onclick: save,
      },
      label,
    );
  };
  return h(
    'div',
    { class: 'row' },
    link('orders', zh.exports.orders),
    link('lines', zh.exports.lines),
    link('payments', zh.exports.payments),
    link('z-report', zh.exports.zReport),
  );
}
