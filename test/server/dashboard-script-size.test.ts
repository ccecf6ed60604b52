// The dashboard's script, as the server sends it, stays small: the manager's page shows money and
// dates from the core but validates nothing itself, so the core's schemas and zod stay out of it
// (they made it 566 KB, a third of a second to load on every open).
import { removeDir } from '../support/temp-dir';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(async () => {
  await server.close();
  removeDir(server.dataDir);
});

test('the dashboard script carries no schema library and stays under 150 KB', async () => {
  const response = await fetch(`${server.url}/dashboard/app.js`);
  expect(response.status).toBe(200);
  const script = await response.text();
  // zod's own error class name survives minifying (it names the error for the caller).
  expect(script).not.toContain('ZodError');
  expect(script.length).toBeLessThan(150_000);
  // Still the page: the core's money parsing and the till's error words came along.
  expect(script).toContain('MoneyParseError');
  expect(script).toContain('not_paired');
});
