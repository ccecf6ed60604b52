// Percentiles of timing samples, for the benchmarks' figures.

/** The value at `share` (0.5 = median, 0.99 = p99) of the samples, in the samples' unit. */
export function percentile(samples: readonly number[], share: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

export function formatMs(ms: number): string {
  return `${ms.toFixed(2)} ms`;
}
