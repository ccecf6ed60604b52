// What a customer reads on their own phone (the pay and join pages) when the store's server refuses
// a step: Chinese in the customer's own words, never a sentence meant for the cashier or manager
// (take cash instead, is the server started, this device, the manager).
import { customerRefusal } from '../../../miniprogram/view/customer-refusal';

/** Every code the pages on a customer's phone can be answered with (sync-server/http, core/payments). */
const customerCodes = [
  // No answer, or one the page cannot read.
  'unreachable',
  'server_error',
  'server_answer',
  // The payment and its code.
  'payment_unknown',
  'not_pending',
  'payment_settled',
  'too_many_attempts',
  'locked_out',
  'qr_tampered',
  'qr_expired',
  'qr_replayed',
  'qr_malformed',
  'qr_wrong_kind',
  'invalid_request',
  // Paying: the simulator, WeChat sign-in, WeChat Pay.
  'simulator',
  'no_simulator',
  'login_unconfigured',
  'login_refused',
  'login_misconfigured',
  'wechat_unreachable',
  'wechat_busy',
  'provider_unreachable',
  'provider_refused',
  // Joining.
  'too_many_joins',
  'phone_invalid',
  'member_name_invalid',
  'internal',
];

/** Words addressed to staff: what to take, what to check on the server or this device. */
const staffWords = ['收现金', '服务器是否已启动', '本机', '店长', '经理', '顾客'];

test.each(customerCodes)('%s is said to the customer in their own words', (code) => {
  const said = customerRefusal({ code, message: 'the server’s English, for staff' });
  expect(said).not.toContain('the server');
  for (const words of staffWords) expect(said).not.toContain(words);
});
