/**
 * `npm run bench`: runs every benchmark module in this folder (each exports `run(): Promise<BenchRow[]>`), prints the
 * ratios against the peers measured in the same run, and writes `reports/bench.json`.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One measured figure, ours beside a peer's, from the same run. */
export interface BenchRow {
  name: string;
  unit: string;
  ours: number;
  peer: number;
  /** ours / peer for "higher is better" units, peer / ours for "lower is better" ones: > 1 means we are better. */
  ratio: number;
}

const here = import.meta.dirname;
const only = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows: BenchRow[] = [];
for (const file of modules) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { run: () => Promise<BenchRow[]> };
  console.log(`\n# ${file}`);
  for (const row of await mod.run()) {
    rows.push(row);
    const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
    console.log(`${row.name.padEnd(64)} ours ${fmt(row.ours).padStart(9)} ${row.unit.padEnd(8)} peer ${fmt(row.peer).padStart(9)}  ratio ${row.ratio.toFixed(2)}×`);
  }
}
mkdirSync('reports', { recursive: true });
writeFileSync(join('reports', 'bench.json'), `${JSON.stringify(rows, null, 2)}\n`);
console.log(`\nwrote reports/bench.json (${rows.length} rows)`);
