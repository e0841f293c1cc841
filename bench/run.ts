/**
 * `npm run bench`: runs every `bench/*.bench.ts` in turn and prints their figures in one table.
 * A bench file's default export returns `{ name, figures: [{ figure, value, target? }] }`.
 */
import { readdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

export interface BenchFigure { figure: string; value: string; target?: string }
export interface BenchResult { name: string; figures: BenchFigure[] }
export type Bench = () => Promise<BenchResult>;

async function main(): Promise<void> {
  const dir = new URL('./', import.meta.url);
  const only = process.argv.slice(2);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
  const rows: (BenchFigure & { bench: string })[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(new URL(file, dir).pathname).href)) as { default: Bench };
    const started = Date.now();
    console.log(`running ${file} …`);
    const result = await mod.default();
    console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const f of result.figures) rows.push({ bench: result.name, ...f });
  }
  const head = ['bench', 'figure', 'value', 'target'];
  const table = rows.map((r) => [r.bench, r.figure, r.value, r.target ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(['', line(head), line(widths.map((w) => '-'.repeat(w))), ...table.map(line)].join('\n'));
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
