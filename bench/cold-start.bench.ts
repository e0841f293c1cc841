/**
 * Cold start of the function entry: how long a fresh Node process takes to import the compiled
 * app, as the Functions host does when an instance starts (package.json `main` is
 * `dist/functions/*.js`: every file is loaded in one process). Builds first (`npm run build`),
 * then spawns `node` for each sample and times the imports inside it, so process start-up is
 * reported separately. Flex Consumption adds its own instance allocation on top; this is the
 * part the app controls.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench } from './run.js';
import { median, ms } from './support.js';

const SAMPLES = 5;
const root = fileURLToPath(new URL('..', import.meta.url));

/** Imports `files` in a fresh node; answers the import time measured inside and the wall time. */
function importIn(files: string[]): { importMs: number; wallMs: number } {
  const urls = JSON.stringify(files.map((f) => pathToFileURL(f).href));
  const script = `const t = performance.now(); for (const u of ${urls}) await import(u); process.stderr.write('IMPORT_MS=' + (performance.now() - t) + '\\n');`;
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  const wallMs = performance.now() - started;
  const match = /IMPORT_MS=([\d.]+)/.exec(run.stderr);
  if (run.status !== 0 || !match) throw new Error(`importing the compiled app failed: ${run.stderr.slice(0, 500)}`);
  return { importMs: Number(match[1]), wallMs };
}

const bench: Bench = () => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
  const dir = join(root, 'dist', 'functions');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js')).sort().map((f) => join(dir, f));
  const all = Array.from({ length: SAMPLES }, () => importIn(files));
  const bare = Array.from({ length: SAMPLES }, () => importIn([]));
  const perFile = files.map((f) => ({ file: f.slice(dir.length + 1), ms: importIn([f]).importMs }));
  const slowest = perFile.reduce((a, b) => (b.ms > a.ms ? b : a));
  return Promise.resolve({
    name: 'cold start',
    figures: [
      { figure: `import every compiled function (${files.length} files, one process), median of ${SAMPLES}`, value: ms(median(all.map((r) => r.importMs))), target: '< 2000 ms' },
      { figure: 'node start + import every function, wall time', value: ms(median(all.map((r) => r.wallMs))) },
      { figure: 'node start alone, wall time', value: ms(median(bare.map((r) => r.wallMs))) },
      { figure: `slowest single entry alone (${slowest.file}), one sample`, value: ms(slowest.ms) },
    ],
  });
};

export default bench;
