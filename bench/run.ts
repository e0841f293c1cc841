/**
 * `npm run bench`: runs every `bench/*.bench.ts` several times (BENCH_RUNS, default 3; or
 * `--runs=N`), keeps the median run of each figure, prints one table and writes it to
 * bench/RESULTS.md with the date, the machine and its load. `npm run bench -- sweep` runs only the
 * files whose name contains "sweep" (and does not write RESULTS.md unless `--write` is given).
 *
 * Two profiles side by side (bench/support.ts PROFILES): `default` (every setting as a user gets it)
 * and `tuned` (each changed setting named). A bench whose figures depend on the profile says so with
 * `export const profileAware = true;` and runs once per profile (BENCH_PROFILE in its environment);
 * the others run once and their figures hold for both. `--profile=default` (or `tuned`) runs one.
 *
 * A bench file's default export returns `{ name, settings, figures: [{ figure, value, target? }] }`
 * (bench/support.ts `benchResult` prints and builds it). Values are text ("183 ms", "11 Graph + 0
 * NetBird"); the median is taken by the first number in the value, and the whole value of that run
 * is shown, so composite figures stay consistent. The peak heap of each run is sampled here.
 *
 * Every run of every bench is its own Node process (this file with `--child`): no run inherits
 * another's warm caches, timers, patched globals or heap, and one that crashes loses only itself.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PROFILES, type ProfileName } from './profiles.js';

export interface BenchFigure {
  figure: string;
  value: string;
  target?: string;
}
export interface BenchResult {
  name: string;
  /** What the bench ran with (bench/support.ts benchResult); `profile` among them. */
  settings?: Record<string, string | number | boolean>;
  figures: BenchFigure[];
  /** Added by the child process: the highest heap used and RSS sampled while the bench ran. */
  peak?: { heapUsedMb: number; rssMb: number };
}
export type Bench = () => Promise<BenchResult>;

const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];
const HEAP_SAMPLE_MS = 50;
/** Hand-written sections of RESULTS.md after this line are kept when the file is rewritten. */
const KEEP_MARKER = '<!-- Everything below this line is written by hand and kept by bench/run.ts. -->';

interface Row {
  bench: string;
  figure: string;
  target?: string;
  values: Partial<Record<ProfileName, string>>;
  shared: boolean;
}

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
  const head = ['bench', 'figure', 'default profile', 'tuned profile', 'target'];
  const cells = rows.map((r) => [
    r.bench,
    r.figure,
    r.values.default ?? '—',
    r.shared ? '(same run: no profile setting applies)' : (r.values.tuned ?? '—'),
    r.target ?? '',
  ]);
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
  const profileArg = args.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
  if (profileArg && !PROFILE_NAMES.includes(profileArg as ProfileName))
    throw new Error(`--profile must be one of ${PROFILE_NAMES.join(', ')}`);
  const profiles = profileArg ? [profileArg as ProfileName] : PROFILE_NAMES;
  const only = args.filter((a) => !a.startsWith('--'));
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o))))
    .sort();
  const rows: Row[] = [];
  const settings: string[] = [];
  const notes: string[] = [];
  const failed: string[] = [];
  const loadBefore = os.loadavg();
  const started = new Date();
  for (const file of files) {
    const source = await readFile(new URL(file, dir), 'utf8');
    // A bench that takes minutes may cap its own runs (`export const runs = 1`).
    const cap = /^export const runs = (\d+);/m.exec(source)?.[1];
    const aware = /^export const profileAware = true;/m.test(source);
    const times = Math.min(runs, cap ? Number(cap) : runs);
    const byProfile = new Map<ProfileName, BenchResult[]>();
    for (const profile of aware ? profiles : [profiles[0]!]) {
      const results: BenchResult[] = [];
      for (let i = 1; i <= times; i++) {
        const t0 = Date.now();
        console.log(`running ${file}${aware ? ` [${profile} profile]` : ''} (${i}/${times}) …`);
        try {
          results.push(await runInChild(file, profile));
        } catch (err) {
          // One failing bench must not lose the others' figures: it shows as a failed row.
          console.error(err);
          failed.push(
            `${file}${aware ? ` [${profile}]` : ''} run ${i}: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
        console.log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
      if (results.length) byProfile.set(profile, results);
    }
    const firstOf = [...byProfile.values()][0]?.[0];
    if (!firstOf) continue;
    const name = firstOf.name;
    const merged = new Map<string, Row>();
    for (const [profile, results] of byProfile) {
      const s0 = results[0]!.settings;
      settings.push(
        `- **${name}**${aware ? ` (${profile})` : ''}: ${
          s0
            ? Object.entries(s0)
                .map(([k, v]) => `${k}=${String(v)}`)
                .join(', ')
            : 'no settings reported'
        }`,
      );
      const peakFigure: BenchFigure = {
        figure: `peak heap used / RSS of the bench process (sampled every ${HEAP_SAMPLE_MS} ms)`,
        value: '',
      };
      const peaks = results
        .map((r) => (r.peak ? `${r.peak.heapUsedMb} MB / ${r.peak.rssMb} MB` : undefined))
        .filter((v): v is string => !!v);
      const figureNames = [...new Set(results.flatMap((r) => r.figures.map((f) => f.figure)))];
      for (const figure of [...figureNames, peakFigure.figure]) {
        const values =
          figure === peakFigure.figure
            ? peaks
            : results
                .map((r) => r.figures.find((g) => g.figure === figure)?.value)
                .filter((v): v is string => v !== undefined);
        if (values.length === 0) continue;
        const target = results
          .map((r) => r.figures.find((g) => g.figure === figure)?.target)
          .find((t) => t !== undefined);
        const row = merged.get(figure) ?? {
          bench: name,
          figure,
          values: {},
          shared: !aware,
          ...(target ? { target } : {}),
        };
        row.values[profile] = medianValue(values);
        merged.set(figure, row);
      }
    }
    rows.push(...merged.values());
    if (times < runs) notes.push(`${file}: ${times} run (it caps its own runs)`);
  }
  const loadAfter = os.loadavg();
  const text = table(rows);
  console.log(`\n${text}`);
  for (const f of failed) console.log(`FAILED: ${f}`);
  // `--write` writes RESULTS.md from a run of some benches only (it then names them).
  if ((only.length === 0 || args.includes('--write')) && !profileArg) {
    const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' / ');
    const doc = [
      '# Benchmark results',
      '',
      `Written by \`npm run bench\` (bench/run.ts), started ${started.toISOString()}, finished ${new Date().toISOString()}.`,
      '',
      `Machine: ${machine()}. Load average (1 / 5 / 15 min) at the start: ${load(loadBefore)}; at the end: ${load(loadAfter)}.`,
      '',
      `Each figure is the median of ${runs} runs of its bench (by the first number in the value)${notes.length ? `, except ${notes.join('; ')}` : ''}. How each figure is measured is described at the top of its \`bench/*.bench.ts\` file.`,
      ...(process.env.BENCH_BURST ? ['', `The burst bench ran with BENCH_BURST=${process.env.BENCH_BURST}.`] : []),
      ...(only.length ? ['', `Only these benches ran: ${files.join(', ')}.`] : []),
      '',
      '## Profiles',
      '',
      ...PROFILE_NAMES.map(
        (p) =>
          `- **${p}**: ${PROFILES[p].description}${
            Object.keys(PROFILES[p].env).length
              ? ` (${Object.entries(PROFILES[p].env)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')})`
              : ''
          }`,
      ),
      '',
      text,
      '',
      '## Settings each bench ran with',
      '',
      ...settings,
      ...(failed.length ? ['', 'Failed runs (not in the table):', ...failed.map((f) => `- ${f}`)] : []),
      '',
    ].join('\n');
    const previous = await readFile(new URL('RESULTS.md', dir), 'utf8').catch(() => '');
    const kept = previous.includes(KEEP_MARKER) ? previous.slice(previous.indexOf(KEEP_MARKER)) : KEEP_MARKER;
    await writeFile(new URL('RESULTS.md', dir), `${doc}\n${kept.trimEnd()}\n`);
    console.log('\nwritten to bench/RESULTS.md');
  }
  process.exit(failed.length ? 1 : 0);
}

/** One run of one bench in a fresh Node process; its result comes back through a file. */
async function runInChild(file: string, profile: ProfileName): Promise<BenchResult> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'bench-'));
  const out = path.join(tmp, 'result.json');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', file, out], {
        stdio: 'inherit',
        env: { ...process.env, BENCH_PROFILE: profile },
      });
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
  let heap = 0;
  let rss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    heap = Math.max(heap, m.heapUsed);
    rss = Math.max(rss, m.rss);
  };
  sample();
  const sampler = setInterval(sample, HEAP_SAMPLE_MS);
  const mod = (await import(pathToFileURL(fileURLToPath(new URL(file, import.meta.url))).href)) as { default: Bench };
  const result = await mod.default();
  clearInterval(sampler);
  sample();
  const mb = (b: number) => Math.round(b / 1024 ** 2);
  await writeFile(
    out,
    JSON.stringify({ ...result, peak: { heapUsedMb: mb(heap), rssMb: mb(rss) } } satisfies BenchResult),
  );
  process.exit(0);
}

// Only when run as the script, so a test can import medianValue.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const childAt = process.argv.indexOf('--child');
  (childAt >= 0 ? child(process.argv[childAt + 1] ?? '', process.argv[childAt + 2] ?? '') : main()).catch(
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
