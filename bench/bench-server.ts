// The real server (`sync-server/main.ts`) in its own process for benchmarks, with the demo
// manager signed in so that the benchmark can pair as many devices as it needs.
import { ProtocolClient } from '../test/support/protocol-client';
import { spawnServer, type ServerProcess } from '../test/support/server-process';
import { api, type PairedTestDevice } from '../test/support/test-server';

export class BenchServer {
  private manager: string | null = null;
  private constructor(readonly process: ServerProcess) {}

  static async start(dataDir: string, env: Record<string, string> = {}): Promise<BenchServer> {
    return new BenchServer(await spawnServer(dataDir, env));
  }

  get url(): string {
    return this.process.url;
  }

  /** A fresh pairing code, issued by the manager. */
  async pairingCode(): Promise<string> {
    if (!this.manager) {
      const session = await api<{ token: string }>(this.process, 'POST', '/api/sessions', {
        body: { staffId: 'staff-manager', pin: this.process.managerPin },
      });
      this.manager = session.body.token;
    }
    const { body } = await api<{ code: string }>(this.process, 'POST', '/api/pairing-codes', {
      token: this.manager,
    });
    return body.code;
  }

  async pair(name: string): Promise<PairedTestDevice> {
    const paired = await api<PairedTestDevice>(this.process, 'POST', '/api/pair', {
      body: { code: await this.pairingCode(), name, kind: 'tablet' },
    });
    return paired.body;
  }

  /**
   * A device's socket, said hello with the server's current cursor, as a till that is up to date
   * does: it gets no snapshot (with a day of 100,000 orders, one of about 90 MB).
   */
  async openUpToDate(device: PairedTestDevice): Promise<ProtocolClient> {
    const { cursor } = await this.health();
    return ProtocolClient.open(this.url, device.token, cursor);
  }

  async orderCount(): Promise<number> {
    return (await this.health()).orders;
  }

  /** The orders it holds and the cursor of its newest change. */
  async health(): Promise<{ orders: number; cursor: number }> {
    return (await api<{ orders: number; cursor: number }>(this.process, 'GET', '/api/health')).body;
  }

  async stop(): Promise<void> {
    this.process.child.kill('SIGTERM');
    await this.process.exited;
  }
}
