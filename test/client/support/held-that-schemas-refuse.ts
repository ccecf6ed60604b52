// For the fuzz tests at a till's boundaries: what the ledger holds (replica, settings, history,
// outbox) that the schema it is read with refuses. Empty when only checked data got in.
import { operationSchema, orderSchema } from '@pos/shared';
import type { Ledger } from '../../../miniprogram/core/ledger';
import { replicaSchemas } from '../../../miniprogram/core/replica-tables';

export function heldThatSchemasRefuse(ledger: Ledger): string[] {
  const { replica } = ledger;
  const tables = {
    categories: replica.categories,
    products: replica.products,
    stock: replica.stock,
    staff: replica.staff,
    members: replica.members,
    devices: replica.devices,
  };
  const refused = Object.entries(tables).flatMap(([name, table]) =>
    table
      .values()
      .filter((record) => !replicaSchemas[name as keyof typeof tables].safeParse(record).success)
      .map((record) => `${name} ${JSON.stringify(record).slice(0, 200)}`),
  );
  if (!replicaSchemas.settings.safeParse(replica.settings).success) refused.push('settings');
  for (const order of ledger.history.values())
    if (!orderSchema.safeParse(order).success) refused.push(`order ${order.id}`);
  for (const { op } of ledger.outbox.entries())
    if (!operationSchema.safeParse(op).success) refused.push(`operation ${op.id}`);
  return refused;
}
