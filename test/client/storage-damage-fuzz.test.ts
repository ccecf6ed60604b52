// Random damage to what a till keeps in wx storage (identity, counters, outbox, history, replica,
// settings...), as a phone's storage or an older or newer build might leave it: the ledger still
// loads, holds only what the shared schemas pass, and, paired, still sells under a sequence it
// never used, and writes the sale so a relaunch reads it back.
import fc from 'fast-check';
import type { AckResult } from '@pos/shared';
import { wxStorage } from '../../miniprogram/adapters/storage';
import { Ledger } from '../../miniprogram/core/ledger';
import { damageArbitrary, damagedAt, placesIn } from '../support/damage';
import { saleOperation, trackedSkus } from '../support/sales';
import { createWxStandIn } from '../wx';
import { heldThatSchemasRefuse } from './support/held-that-schemas-refuse';
import { ManualClock } from './support/manual-clock';
import { recordSales, seedLedger, testIdentity } from './support/offline-seed';

/** A till's storage after a day: the demo store, sales acknowledged (history) and still unsynced. */
function tillStorage(clock: ManualClock): Record<string, unknown> {
  const standIn = createWxStandIn();
  const ledger = new Ledger(wxStorage(standIn.wx), clock);
  ledger.load();
  seedLedger(ledger);
  const sales = recordSales(ledger, clock, 6);
  const acked: AckResult[] = sales
    .slice(0, 3)
    .map((op) => ({ id: op.id, seq: op.seq, status: 'applied' }));
  ledger.settle(acked);
  ledger.persist();
  return standIn.storage.dump();
}

function relaunched(stored: Record<string, unknown>, clock: ManualClock) {
  const standIn = createWxStandIn();
  standIn.storage.load(stored);
  const ledger = new Ledger(wxStorage(standIn.wx), clock);
  ledger.load();
  return { ledger, standIn };
}

test('damaged storage still loads, holds only what its schemas pass, and the till still sells', async () => {
  const clock = new ManualClock();
  const stored = tillStorage(clock);
  const keys = Object.keys(stored).sort();
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.nat(), damageArbitrary), { minLength: 1, maxLength: 3 }),
      async (damages) => {
        const damaged = structuredClone(stored);
        for (const [which, damage] of damages) {
          const key = keys[which % keys.length];
          damaged[key] = damagedAt(damaged[key], placesIn(damaged[key]), damage);
        }
        const seen = `damaged ${[...new Set(damages.map(([w]) => keys[w % keys.length]))].join(', ')}`;
        let loaded: ReturnType<typeof relaunched> | undefined;
        try {
          expect(() => (loaded = relaunched(damaged, clock))).not.toThrow();
          const { ledger } = loaded!;
          expect([seen, heldThatSchemasRefuse(ledger)]).toEqual([seen, []]);
          if (ledger.identity?.deviceId !== testIdentity.deviceId) return;

          // Paired still: a sale goes in under a sequence above every one this till has used.
          const usedSeqs = ledger.outbox.entries().map(({ op }) => op.seq);
          const { seq: orderSeq } = ledger.nextOrderNumber();
          const { payload } = saleOperation({
            device: testIdentity,
            seq: orderSeq,
            at: clock.now(),
            items: [{ skuId: trackedSkus[1].id, qty: 1 }],
          });
          const sale = ledger.record(() => ({ type: 'order.placed', payload }));
          expect([seen, sale.seq > Math.max(0, ...usedSeqs)]).toEqual([seen, true]);
          ledger.persist();

          const again = relaunched(loaded!.standIn.storage.dump(), clock);
          expect([seen, again.ledger.outbox.get(sale.seq)?.op]).toEqual([seen, sale]);
          await again.standIn.dispose();
        } finally {
          await loaded?.standIn.dispose();
        }
      },
    ),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 50) },
  );
});
