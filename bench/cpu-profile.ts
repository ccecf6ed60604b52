// Reads a V8 .cpuprofile (node --cpu-prof, or the inspector) and prints where the time went:
// self time by function and by file, for the sync benchmark's profiles.
// Run: npx tsx bench/cpu-profile.ts <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const root = path.resolve(__dirname, '..');

function shortFile(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  if (file === '') return '(native)';
  const inModules = file.lastIndexOf('node_modules/');
  if (inModules !== -1) return file.slice(inModules + 'node_modules/'.length);
  return path.relative(root, file);
}

function addTo(totals: Map<string, number>, key: string, ms: number): void {
  totals.set(key, (totals.get(key) ?? 0) + ms);
}

function print(title: string, totals: Map<string, number>, all: number, top: number): void {
  console.log(`\n${title}`);
  for (const [key, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / all).toFixed(1).padStart(5)}%  ${key}`,
    );
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx bench/cpu-profile.ts <file.cpuprofile> [top]');
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfMs.set(id, (selfMs.get(id) ?? 0) + profile.timeDeltas[i] / 1000),
  );
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  const keyOf = (node: ProfileNode) =>
    `${node.callFrame.functionName || '(anonymous)'}  ${shortFile(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
  // Inclusive time of the project's own functions: each sample counts once per function on its stack.
  const inclusive = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const node = byId.get(at)!;
      if (node.callFrame.url.includes('node_modules') || !node.callFrame.url.startsWith('file://'))
        continue;
      seen.add(keyOf(node));
    }
    for (const key of seen) addTo(inclusive, key, ms);
  }
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let busy = 0;
  let all = 0;
  for (const [id, ms] of selfMs) {
    const { functionName, url } = byId.get(id)!.callFrame;
    all += ms;
    if (functionName === '(idle)') continue;
    busy += ms;
    const where = shortFile(url);
    addTo(byFunction, keyOf(byId.get(id)!), ms);
    addTo(byFile, where, ms);
  }
  console.log(`${file}: ${(all / 1000).toFixed(2)} s sampled, ${(busy / 1000).toFixed(2)} s busy`);
  print('self time by function', byFunction, all, top);
  print('self time by file', byFile, all, top);
  print("inclusive time of the project's functions", inclusive, all, top);
}

main();
