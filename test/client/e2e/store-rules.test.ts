// The store's rules set in the server's configuration (discount approval, cash variance approval,
// points, the offline stored-value caps) reach a paired till, and a changed rule reaches it at the
// next start: the real server process on its environment, the real client core on the wx stand-in.
import { spawnServer, type ServerProcess } from '../../support/server-process';
import { makeTempDir, removeDir } from '../../support/temp-dir';
import { launch, pair, shutDownAll } from '../support/device';
import { until } from '../support/until';

let dataDir: string;
let server: ServerProcess | null = null;

beforeEach(() => (dataDir = makeTempDir('pos-store-rules-')));
afterEach(async () => {
  await shutDownAll();
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  removeDir(dataDir);
});

test('the configured store rules reach the till, and a changed one at the next start', async () => {
  server = await spawnServer(dataDir, {
    POS_DISCOUNT_APPROVAL_PERCENT: '30',
    POS_CASH_VARIANCE_APPROVAL: '50',
    POS_POINTS_PER_YUAN: '2',
    POS_POINTS_REDEEM_PER_YUAN: '50',
    POS_OFFLINE_STORED_VALUE_PER_MEMBER: '200',
    POS_OFFLINE_STORED_VALUE_PER_DEVICE: '1000.50',
  });
  const tablet = launch({ client: { sync: { backoff: { baseMs: 100, maxMs: 500 } } } });
  await pair(tablet, server, server.pairingCode);
  await until(() => tablet.client.catalog.settings.pointsPerYuan === 2, 'the rules to arrive');
  expect(tablet.client.catalog.settings).toMatchObject({
    discountApprovalBasisPoints: 3000,
    cashVarianceApprovalFen: 5000,
    pointsPerYuan: 2,
    pointsRedeemPerYuan: 50,
    offlineStoredValueCap: { perMember: 20000, perDevice: 100050 },
  });
  expect(tablet.client.shift.varianceApprovalFen).toBe(5000);

  // Restarted with a stricter threshold and the rest left to the defaults.
  server.child.kill('SIGTERM');
  await server.exited;
  server = await spawnServer(dataDir, {
    POS_PORT: new URL(server.url).port,
    POS_CASH_VARIANCE_APPROVAL: '5',
  });
  await until(() => tablet.client.shift.varianceApprovalFen === 500, 'the new threshold', 20_000);
  expect(tablet.client.catalog.settings).toMatchObject({
    discountApprovalBasisPoints: 2000,
    pointsPerYuan: 1,
    pointsRedeemPerYuan: 100,
    offlineStoredValueCap: { perMember: 10000, perDevice: 50000 },
  });
}, 60_000);
