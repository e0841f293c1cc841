/**
 * `npm run bench`: runs every `bench/*.bench.ts` several times (BENCH_RUNS, default 3; or
 * `--runs=N`), keeps the median run of each figure, prints one table (figure, value, target) and
 * writes it to bench/RESULTS.md with the date and the machine. `npm run bench -- sweep` runs only
 * the files whose name contains "sweep".
 *
 * A bench file's default export returns `{ name, figures: [{ figure, value, target? }] }`. Values
 * are text ("183 ms", "11 Graph + 0 NetBird"); the median is taken by the first number in the
 * value, and the whole value of that run is shown, so composite figures stay consistent.
 *
 * Every run of every bench is its own Node process (this file with `--child`): no run inherits
 * another's warm caches, timers, patched globals or heap, and one that crashes loses only itself.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchFigure { figure: string; value: string; target?: string }
export interface BenchResult { name: string; figures: BenchFigure[] }
export type Bench = () => Promise<BenchResult>;

type Row = BenchFigure & { bench: string; runs: number };

function firstNumber(value: string): number {
  const m = /-?\d[\d,]*(\.\d+)?/.exec(value);
  return m ? Number(m[0].replace(/,/g, '')) : Number.NaN;
}

/** The run whose value's first number is the median (the lower middle for an even count). */
export function medianValue(values: string[]): string {
  const numeric = values.filter((v) => !Number.isNaN(firstNumber(v)));
  if (numeric.length === 0) return values[values.length - 1] ?? '';
  const sorted = [...numeric].sort((a, b) => firstNumber(a) - firstNumber(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function table(rows: Row[]): string {
  const head = ['bench', 'figure', 'value', 'target'];
  const cells = rows.map((r) => [r.bench, r.figure, r.value, r.target ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.replace(/\|/g, '\\|').padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB memory, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

async function main(): Promise<void> {
  const dir = new URL('./', import.meta.url);
  const args = process.argv.slice(2);
  const runsArg = args.find((a) => a.startsWith('--runs='));
  const runs = Math.max(1, Number(runsArg?.slice('--runs='.length) ?? process.env.BENCH_RUNS ?? 3) || 3);
  const only = args.filter((a) => !a.startsWith('--'));
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
  const rows: Row[] = [];
  const notes: string[] = [];
  const failed: string[] = [];
  for (const file of files) {
    // A bench that takes minutes may cap its own runs (`export const runs = 1`).
    const cap = /^export const runs = (\d+);/m.exec(await readFile(new URL(file, dir), 'utf8'))?.[1];
    const times = Math.min(runs, cap ? Number(cap) : runs);
    const results: BenchResult[] = [];
    for (let i = 1; i <= times; i++) {
      const started = Date.now();
      console.log(`running ${file} (${i}/${times}) …`);
      try {
        results.push(await runInChild(file));
      } catch (err) {
        // One failing bench must not lose the others' figures: it shows as a failed row.
        console.error(err);
        failed.push(`${file} run ${i}: ${err instanceof Error ? err.message : String(err)}`);
      }
      console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const first = results[0];
    if (!first) continue;
    for (const f of first.figures) {
      const values = results.map((r) => r.figures.find((g) => g.figure === f.figure)?.value).filter((v): v is string => v !== undefined);
      rows.push({ bench: first.name, figure: f.figure, value: medianValue(values), ...(f.target ? { target: f.target } : {}), runs: values.length });
    }
    if (times < runs) notes.push(`${file}: ${times} run (it caps its own runs)`);
  }
  const text = table(rows);
  console.log(`\n${text}`);
  for (const f of failed) console.log(`FAILED: ${f}`);
  if (only.length === 0) {
    const doc = [
      '# Benchmark results',
      '',
      `Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString()}.`,
      '',
      `Machine: ${machine()}.`,
      '',
      `Each figure is the median of ${runs} runs of its bench (by the first number in the value)${notes.length ? `, except ${notes.join('; ')}` : ''}. How each figure is measured is described at the top of its \`bench/*.bench.ts\` file.`,
      ...(process.env.BENCH_BURST ? ['', `The burst bench ran with BENCH_BURST=${process.env.BENCH_BURST}.`] : []),
      '',
      text,
      ...(failed.length ? ['', 'Failed runs (not in the table):', ...failed.map((f) => `- ${f}`)] : []),
      '',
    ].join('\n');
    await writeFile(new URL('RESULTS.md', dir), doc);
    console.log('\nwritten to bench/RESULTS.md');
  }
  process.exit(failed.length ? 1 : 0);
}

/** One run of one bench in a fresh Node process; its result comes back through a file. */
async function runInChild(file: string): Promise<BenchResult> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'bench-'));
  const out = path.join(tmp, 'result.json');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', file, out], { stdio: 'inherit' });
      child.on('error', reject);
      child.on('exit', (exitCode) => resolve(exitCode));
    });
    if (code !== 0) throw new Error(`the bench process exited with ${code}`);
    return JSON.parse(await readFile(out, 'utf8')) as BenchResult;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** The child: run the bench once, write its result, exit (open handles of a bench do not matter). */
async function child(file: string, out: string): Promise<void> {
  const mod = (await import(pathToFileURL(fileURLToPath(new URL(file, import.meta.url))).href)) as { default: Bench };
  await writeFile(out, JSON.stringify(await mod.default()));
  process.exit(0);
}

// Only when run as the script, so a test can import medianValue.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const childAt = process.argv.indexOf('--child');
  (childAt >= 0 ? child(process.argv[childAt + 1] ?? '', process.argv[childAt + 2] ?? '') : main()).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
