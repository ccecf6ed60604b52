// A guard for REPLICA_FORMAT (storage-layout.ts): a till keeps only the fields of the server's
// records its build knows, and the server sends a record again only once it changes, so a field
// added to a record the replica stores reaches updated tills only if the format number is raised
// (the replica is then fetched again whole). Nothing else would remind whoever adds the field, so
// this test fingerprints the replica's schemas (as JSON Schema, which names every field) and
// fails once they no longer match the fingerprint recorded beside the number. (A zod upgrade that
// describes the same schemas differently fails it too: then only the fingerprint is recorded anew.)
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { replicaSchemas } from '../../miniprogram/core/replica-tables';
import { REPLICA_FORMAT, REPLICA_SCHEMAS_FINGERPRINT } from '../../miniprogram/core/storage-layout';

function fingerprintOf(schemas: Record<string, z.ZodType>): string {
  const described = Object.entries(schemas).map(([name, schema]) => [name, z.toJSONSchema(schema)]);
  return createHash('sha256').update(JSON.stringify(described)).digest('hex').slice(0, 16);
}

test('the replica format number was reconsidered since the replica schemas last changed', () => {
  const fingerprint = fingerprintOf(replicaSchemas);
  const problem =
    fingerprint === REPLICA_SCHEMAS_FINGERPRINT
      ? null
      : `The schemas of the server records the replica stores changed (fingerprint ${fingerprint}, ` +
        `recorded ${REPLICA_SCHEMAS_FINGERPRINT}). If a field was added, raise REPLICA_FORMAT ` +
        `(now ${REPLICA_FORMAT}) in miniprogram/core/storage-layout.ts, so that tills updated ` +
        `from an older build fetch the store again instead of keeping records without it. Then ` +
        `record the new fingerprint as REPLICA_SCHEMAS_FINGERPRINT.`;
  expect(problem).toBeNull();
});

test('the fingerprint tells a field added to a stored record', () => {
  const withField = {
    ...replicaSchemas,
    products: replicaSchemas.products.extend({ addedField: z.string().optional() }),
  };
  expect(fingerprintOf(withField)).not.toBe(fingerprintOf(replicaSchemas));
});
