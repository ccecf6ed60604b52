// Seeded randomness (mulberry32) for tests and benchmarks: the same seed gives the same numbers,
// so a demo store, a generated catalog or a run of queries is the same in every run.
import type { RandomSource } from '../../sync-server/demo/demo-store';

/** Numbers in [0, 1), like Math.random, from a seed. */
export function seededNumbers(seed = 42): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The random source the demo store takes, seeded. */
export function seededRandom(seed = 42): RandomSource {
  const next = seededNumbers(seed);
  return {
    int: (max) => Math.floor(next() * max),
    bytes: (n) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256)),
  };
}
