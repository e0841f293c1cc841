/**
 * Cold start of the function entry: how long a fresh Node process takes to import the compiled
 * app, as the Functions host does when an instance starts (package.json `main` is
 * `dist/functions/*.js`: every file is loaded in one process). Builds first (`npm run build`),
 * then spawns `node` for each sample and times the imports inside it, so process start-up is
 * reported separately. Flex Consumption adds its own instance allocation on top; this is the
 * part the app controls.
 *
 * Also host start as a user sees it: `node dist/local/main.js` (what `npm start` runs after its
 * build) with no NetBird or Graph settings, so the demo tenant starts (Azurite, simulators), timed
 * from spawning the process to the first answer of `GET /api/health`.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench } from './run.js';
import { benchResult, median, ms, sleep } from './support.js';

const SAMPLES = 5;
const root = fileURLToPath(new URL('..', import.meta.url));

/** Imports `files` in a fresh node; answers the import time measured inside and the wall time. */
function importIn(files: string[]): { importMs: number; wallMs: number } {
  const urls = JSON.stringify(files.map((f) => pathToFileURL(f).href));
  const script = `const t = performance.now(); for (const u of ${urls}) await import(u); process.stderr.write('IMPORT_MS=' + (performance.now() - t) + '\\n');`;
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const wallMs = performance.now() - started;
  const match = /IMPORT_MS=([\d.]+)/.exec(run.stderr);
  if (run.status !== 0 || !match) throw new Error(`importing the compiled app failed: ${run.stderr.slice(0, 500)}`);
  return { importMs: Number(match[1]), wallMs };
}

const HOST_SAMPLES = 3;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Spawns the local host as `npm start` does and times it to the first answered GET /api/health. */
async function hostStart(): Promise<{ ms: number; status: number }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    LOG_LEVEL: 'error',
  };
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'dist', 'local', 'main.js')], { cwd: root, env, stdio: 'ignore' });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the local host exited with ${child.exitCode}`);
      if (performance.now() - started > 120_000) throw new Error('the local host did not answer within 120 s');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        await res.arrayBuffer();
        return { ms: performance.now() - started, status: res.status };
      } catch {
        await sleep(20);
      }
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
  }
}

const bench: Bench = async () => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
  const dir = join(root, 'dist', 'functions');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => join(dir, f));
  const all = Array.from({ length: SAMPLES }, () => importIn(files));
  const bare = Array.from({ length: SAMPLES }, () => importIn([]));
  const perFile = files.map((f) => ({ file: f.slice(dir.length + 1), ms: importIn([f]).importMs }));
  const slowest = perFile.reduce((a, b) => (b.ms > a.ms ? b : a));
  const hosts: { ms: number; status: number }[] = [];
  for (let i = 0; i < HOST_SAMPLES; i++) hosts.push(await hostStart());
  return benchResult(
    'cold start',
    {
      'import samples': SAMPLES,
      'host start samples': HOST_SAMPLES,
      NODE_ENV: 'production (imports)',
      'host start': 'node dist/local/main.js, demo tenant (no NetBird/Graph settings)',
    },
    [
      {
        figure: `host start (npm start's node dist/local/main.js, demo tenant) to the first answered GET /api/health, median of ${HOST_SAMPLES}`,
        value: `${ms(median(hosts.map((h) => h.ms)))} (HTTP ${hosts.map((h) => h.status).join(', ')})`,
      },
      {
        figure: `import every compiled function (${files.length} files, one process), median of ${SAMPLES}`,
        value: ms(median(all.map((r) => r.importMs))),
        target: '< 2000 ms',
      },
      { figure: 'node start + import every function, wall time', value: ms(median(all.map((r) => r.wallMs))) },
      { figure: 'node start alone, wall time', value: ms(median(bare.map((r) => r.wallMs))) },
      { figure: `slowest single entry alone (${slowest.file}), one sample`, value: ms(slowest.ms) },
    ],
  );
};

export default bench;
