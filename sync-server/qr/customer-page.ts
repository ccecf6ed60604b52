// The frame of the pages a customer's phone opens from the store's QR codes (the payment
// simulator's, the join page): one small Chinese HTML page, styled alike, with nothing to load.
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const style = `body{font-family:system-ui,sans-serif;max-width:420px;margin:2rem auto;padding:0 1rem;text-align:center;color:#323233}
.note{color:#969799;font-size:.85rem}.error{color:#ee0a24}
button{display:block;width:100%;padding:.9rem;margin:.6rem 0;border-radius:8px;border:0;font-size:1.1rem}`;

/** A whole page: `title` escaped here, `body` already HTML, `pageStyle` the page's own rules. */
export function customerPage(title: string, body: string, pageStyle = ''): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${style}
${pageStyle}
</style></head><body>
${body}
</body></html>`;
}
