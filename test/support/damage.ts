// Random damage to JSON for fuzz tests of a boundary: a place taken out, or given an awkward value
// of its own type (it often passes a schema and reaches what is behind it) or of any type. The
// damaged copy is what JSON carries: no -0, no undefined.
import fc from 'fast-check';

export type Path = Array<string | number>;

/** Every place in `value` (itself included) that damage can reach, as paths under `path`. */
export function placesIn(value: unknown, path: Path = []): Path[] {
  const places: Path[] = [path];
  if (Array.isArray(value))
    value.forEach((item, i) => places.push(...placesIn(item, [...path, i])));
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) places.push(...placesIn(item, [...path, key]));
  return places;
}

/** Values a broken or hostile sender could put where another was meant, by their JSON type. */
const awkward = {
  string: [
    '',
    ' ',
    'x'.repeat(5_000),
    '\u0000',
    '😀',
    '<script>alert(1)</script>',
    '2026-13-45',
    'other-device:1',
    'staff-manager',
  ],
  number: [-1, 0, -0, 0.5, 1e21, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 1, 99_999],
  other: [null, true, [], [null], {}, { method: 'wechat', amount: 1 }],
};
const anyAwkward = [...awkward.string, ...awkward.number, ...awkward.other];

export interface Damage {
  /** Which item, which place in it, which value (each taken modulo what there is). */
  item: number;
  place: number;
  value: number;
  how: 'remove' | 'same-type' | 'any-type';
}

export const damageArbitrary: fc.Arbitrary<Damage> = fc.record({
  item: fc.nat(),
  place: fc.nat(),
  value: fc.nat(),
  how: fc.constantFrom('remove', 'same-type', 'same-type', 'any-type'),
});

function awkwardFor(current: unknown, how: Damage['how']): unknown[] {
  if (how === 'same-type' && typeof current === 'string') return awkward.string;
  if (how === 'same-type' && typeof current === 'number') return awkward.number;
  return anyAwkward;
}

/** A copy of `value` with the place `places[damage.place]` damaged (the root cannot be removed). */
export function damagedAt<T>(value: T, places: Path[], damage: Damage): T {
  const copy = { root: structuredClone(value) } as Record<string | number, unknown>;
  const path: Path = ['root', ...places[damage.place % places.length]];
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (damage.how === 'remove' && path.length > 1) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const values = awkwardFor(parent[last], damage.how);
    parent[last] = structuredClone(values[damage.value % values.length]);
  }
  return JSON.parse(JSON.stringify(copy.root ?? null)) as T;
}
