// Close reasons fit the WebSocket limit of 123 bytes without splitting a character.
import { closeReason, MAX_CLOSE_REASON_BYTES } from '../../sync-server/sync/close-reason';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

test('a short reason is kept whole', () => {
  expect(closeReason('too many messages: slow down')).toBe('too many messages: slow down');
});

test('a long ASCII reason is cut to 123 bytes', () => {
  const reason = closeReason('x'.repeat(300));
  expect(reason).toBe('x'.repeat(MAX_CLOSE_REASON_BYTES));
});

test('Chinese text (3 bytes a character) is cut at a character boundary', () => {
  const reason = closeReason(`message refused: ${'收银台'.repeat(40)}`);
  expect(bytes(reason)).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
  expect(bytes(reason)).toBeGreaterThan(MAX_CLOSE_REASON_BYTES - 3);
  expect(reason).not.toContain('\uFFFD');
  expect(reason.startsWith('message refused: 收银台')).toBe(true);
});

test('an emoji (a surrogate pair, 4 bytes) is never split', () => {
  const reason = closeReason('a'.repeat(121) + '😀');
  expect(reason).toBe('a'.repeat(121));
});
