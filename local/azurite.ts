/**
 * Starts Azurite (the Azure Storage emulator) in memory on free loopback ports. The local host uses
 * it when `AzureWebJobsStorage` is not set, and the test setup uses it for every storage test.
 * https://github.com/Azure/Azurite#command-line-options
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';

/** Azurite's well-known development account (public, documented; not a secret). */
export const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  connectionString: string;
  ports: { blob: number; queue: number; table: number };
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Azurite did not open port ${port} in time`);
}

export function azuriteConnectionString(ports: { blob: number; queue: number; table: number }): string {
  const host = 'http://127.0.0.1';
  return (
    [
      'DefaultEndpointsProtocol=http',
      `AccountName=${DEV_ACCOUNT}`,
      `AccountKey=${DEV_KEY}`,
      `BlobEndpoint=${host}:${ports.blob}/${DEV_ACCOUNT}`,
      `QueueEndpoint=${host}:${ports.queue}/${DEV_ACCOUNT}`,
      `TableEndpoint=${host}:${ports.table}/${DEV_ACCOUNT}`,
    ].join(';') + ';'
  );
}

/**
 * Starts Azurite on fresh ports, retried up to three times: `freePort` hands out a port that is free
 * *now*, and another process (a test's HTTP server on port 0, another Azurite) can take it before
 * Azurite binds it; Azurite then exits, or the port answers for the other process.
 */
export async function startAzurite(options: { timeoutMs?: number } = {}): Promise<RunningAzurite> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

const SERVER = { blob: 'Azurite-Blob', queue: 'Azurite-Queue', table: 'Azurite-Table' } as const;

/**
 * Ready means every port answers HTTP as Azurite (its `Server` header). A TCP connect alone is not
 * proof: under test, nock's socket interception can report a connection nobody accepted, and a
 * stolen port accepts for its new owner.
 */
async function waitForAzurite(ports: { blob: number; queue: number; table: number }, deadline: number): Promise<void> {
  await Promise.all(
    (Object.keys(SERVER) as (keyof typeof SERVER)[]).map(async (k) => {
      for (;;) {
        const server = await serverHeader(ports[k]);
        if (server.startsWith(SERVER[k])) return;
        if (server)
          throw new Error(`port ${ports[k]} answers as "${server}", not ${SERVER[k]}: another process took it`);
        if (Date.now() > deadline) throw new Error(`Azurite did not answer on port ${ports[k]} in time`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }),
  );
}

/** The `Server` header of a plain GET ('' when nothing answers), over a raw socket. */
function serverHeader(port: number): Promise<string> {
  return new Promise((resolve) => {
    let head = '';
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`GET /${DEV_ACCOUNT} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    });
    const done = (value: string) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(5_000, () => done(''));
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end >= 0) done(/^server:[ \t]*([^\r\n]*)/im.exec(head.slice(0, end))?.[1]?.trim() ?? '');
    });
    socket.on('error', () => done(''));
    socket.on('end', () => done(''));
  });
}

/**
 * Azurite processes this process started and has not stopped: killed when it exits, however it
 * exits. Why: a bench run that crashed (`process.exit(1)` in bench/run.ts) left its Azurite running,
 * nine of them after one `npm run bench`, each holding memory and ports.
 */
const running = new Set<ChildProcess>();
let exitHook = false;

function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

async function startOnce(options: { timeoutMs?: number }): Promise<RunningAzurite> {
  const ports = { blob: await freePort(), queue: await freePort(), table: await freePort() };
  const entry = createRequire(import.meta.url).resolve('azurite/dist/src/azurite.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      entry,
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--silent',
      '--skipApiVersionCheck',
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(ports.blob),
      '--queueHost',
      '127.0.0.1',
      '--queuePort',
      String(ports.queue),
      '--tableHost',
      '127.0.0.1',
      '--tablePort',
      String(ports.table),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  killOnExit(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`Azurite exited early (code ${code}): ${stderr.trim()}`))),
  );
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.once('exit', () => {
        running.delete(child);
        resolve();
      });
      child.kill('SIGTERM');
      setTimeout(() => {
        child.kill('SIGKILL');
      }, 3_000).unref();
    });
  try {
    await Promise.race([
      Promise.all([
        waitForPort(ports.queue, deadline),
        waitForPort(ports.table, deadline),
        waitForPort(ports.blob, deadline),
      ]).then(() => waitForAzurite(ports, deadline)),
      exited,
    ]);
  } catch (err) {
    exited.catch(() => undefined);
    await stop();
    throw err;
  }
  exited.catch(() => undefined);
  return {
    connectionString: azuriteConnectionString(ports),
    ports,
    stop,
  };
}
