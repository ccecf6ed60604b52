// The server's log lines carry their time in the store's zone, with its offset, so a shopkeeper
// reading the log lines them up with the tills' clocks.
import { Writable } from 'node:stream';
import { createLogger } from '../../sync-server/logger';

function logOneLine(utcOffsetMinutes: number): { time: string; msg: string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger('info', utcOffsetMinutes, destination);
  logger.info('server started');
  logger.flush();
  return JSON.parse(lines[0]) as { time: string; msg: string };
}

test.each([
  [480, '+08:00'],
  [-300, '-05:00'],
  [345, '+05:45'],
  [0, '+00:00'],
])('at a UTC offset of %i minutes a line says %s and names the same instant', (offset, suffix) => {
  const before = Date.now();
  const line = logOneLine(offset);
  const after = Date.now();
  expect(line.msg).toBe('server started');
  expect(line.time).toMatch(
    new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\${suffix}$`),
  );
  const at = Date.parse(line.time);
  expect(at).toBeGreaterThanOrEqual(before);
  expect(at).toBeLessThanOrEqual(after);
});
