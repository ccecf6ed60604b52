// The page the join counter card's link opens in a customer's WeChat (which opens a mini-program
// from a plain link only on an ICP-registered domain, never a LAN address): phone and name, sent
// to the customer join endpoint, whose checks and limits are the page's; its refusals in Chinese.
import { customerPage, escapeHtml } from './customer-page';
import { customerRefusal, customerRefusalFallback, customerRefusals } from './customer-words';

export interface JoinPageInput {
  storeName: string;
  payload: string;
  /** The code of the join code's refusal (expired, altered...), or null when it can be used. */
  refusal: string | null;
}

/** The customer's join endpoint (qr-routes.ts), the one the mini-program's join page calls. */
export const CUSTOMER_JOIN_PATH = '/api/customer/join';

/** A join code is on a card at the counter, not shown by staff; an old card's code runs out. */
const joinRefusals: Record<string, string> = {
  ...customerRefusals,
  qr_expired: '这张会员卡二维码已过期，请到收银台加入会员',
  qr_tampered: '二维码被改动过或不是本店的，请扫描收银台的会员二维码',
  qr_malformed: '这不是本店的二维码，请扫描收银台的会员二维码',
  qr_wrong_kind: '这个二维码不是用来加入会员的，请扫描收银台的会员二维码',
};
const joinRefusal = (code: string) =>
  Object.hasOwn(joinRefusals, code) ? joinRefusals[code] : customerRefusal(code);

const pageStyle = `form{text-align:left}label{display:block;margin:1rem 0 .3rem;color:#646566}
input{box-sizing:border-box;width:100%;padding:.8rem;font-size:1.1rem;border:1px solid #dcdee0;border-radius:8px}
.join{background:#07c160;color:#fff;margin-top:1.5rem}.join:disabled{opacity:.6}.done{color:#07c160;font-size:1.2rem}`;

/** JSON for inside a <script>: no "</script>" can close it early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

// Runs in the customer's browser: sends the form to the join endpoint and words its answer.
const script = (words: Record<string, string>) => `<script>
(() => {
  const words = ${scriptJson(words)};
  const form = document.getElementById('join-form');
  const button = document.getElementById('join');
  const error = document.getElementById('error');
  const done = document.getElementById('done');
  const say = (text) => { error.textContent = text; error.hidden = !text; };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    say('');
    try {
      const answer = await fetch(${scriptJson(CUSTOMER_JOIN_PATH)}, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          payload: form.dataset.payload,
          phone: document.getElementById('phone').value.trim(),
          name: document.getElementById('member-name').value.trim(),
        }),
      });
      const body = await answer.json().catch(() => ({}));
      if (answer.status === 201) {
        form.hidden = true;
        done.textContent = '您已是 ' + body.storeName + ' 的会员';
        done.hidden = false;
        return;
      }
      const code = body && body.error && body.error.code;
      say(Object.prototype.hasOwnProperty.call(words, code) ? words[code] : words.fallback);
    } catch (unreachable) {
      say(words.unreachable);
    } finally {
      button.disabled = false;
    }
  });
})();
</script>`;

export function joinPage({ storeName, payload, refusal }: JoinPageInput): string {
  const heading = `<h1>${escapeHtml(storeName)}</h1>\n<h2>加入会员</h2>`;
  if (refusal)
    return customerPage(
      `加入会员 · ${storeName}`,
      `${heading}\n<p class="error" id="error">${escapeHtml(joinRefusal(refusal))}</p>`,
      pageStyle,
    );
  const body = `${heading}
<form id="join-form" data-payload="${escapeHtml(payload)}" novalidate>
  <label for="phone">手机号</label>
  <input id="phone" type="tel" inputmode="numeric" autocomplete="tel" maxlength="11" placeholder="11 位手机号">
  <label for="member-name">称呼</label>
  <input id="member-name" maxlength="40" placeholder="选填">
  <button id="join" class="join" type="submit">加入会员</button>
</form>
<p class="error" id="error" hidden></p>
<p class="done" id="done" hidden></p>
${script({
  ...joinRefusals,
  fallback: customerRefusalFallback,
  unreachable: '连不上门店服务器，请连接门店 Wi-Fi 后重试',
})}`;
  return customerPage(`加入会员 · ${storeName}`, body, pageStyle);
}
