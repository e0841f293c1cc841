/**
 * Starts Azurite (the Azure Storage emulator) in memory on free loopback ports. The local host uses
 * it when `AzureWebJobsStorage` is not set, and the test setup uses it for every storage test.
 * https://github.com/Azure/Azurite#command-line-options
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import http from 'node:http';
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

/**
 * Ready means answering HTTP, not only accepting a connection: under load a port can accept before
 * the service behind it serves (the first storage call of a test then met ECONNREFUSED).
 */
async function waitForPort(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/', timeout: 2_000 }, (res) => { res.resume(); resolve(true); });
      req.once('timeout', () => { req.destroy(); resolve(false); });
      req.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Azurite did not answer on port ${port} in time`);
}

export function azuriteConnectionString(ports: { blob: number; queue: number; table: number }): string {
  const host = 'http://127.0.0.1';
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${DEV_ACCOUNT}`,
    `AccountKey=${DEV_KEY}`,
    `BlobEndpoint=${host}:${ports.blob}/${DEV_ACCOUNT}`,
    `QueueEndpoint=${host}:${ports.queue}/${DEV_ACCOUNT}`,
    `TableEndpoint=${host}:${ports.table}/${DEV_ACCOUNT}`,
  ].join(';') + ';';
}

/** `n` distinct free ports: all are held open together before any is released, so none repeats. */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<net.Server>((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  })));
  const ports = servers.map((srv) => (srv.address() as net.AddressInfo).port);
  await Promise.all(servers.map((srv) => new Promise((resolve) => srv.close(resolve))));
  return ports;
}

/**
 * Starts Azurite; when it exits at once (a port taken by another process between choosing and
 * binding it, as happens with many test processes on one machine), tries again on new ports.
 */
export async function startAzurite(options: { timeoutMs?: number } = {}): Promise<RunningAzurite> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAzuriteOnce(options);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof Error && err.message.startsWith('Azurite exited early'))) throw err;
    }
  }
}

async function startAzuriteOnce(options: { timeoutMs?: number }): Promise<RunningAzurite> {
  const [blob, queue, table] = (await freePorts(3)) as [number, number, number];
  const ports = { blob, queue, table };
  const entry = createRequire(import.meta.url).resolve('azurite/dist/src/azurite.js');
  const child: ChildProcess = spawn(process.execPath, [
    entry,
    '--inMemoryPersistence',
    '--disableTelemetry',
    '--silent',
    '--skipApiVersionCheck',
    '--blobHost', '127.0.0.1', '--blobPort', String(ports.blob),
    '--queueHost', '127.0.0.1', '--queuePort', String(ports.queue),
    '--tableHost', '127.0.0.1', '--tablePort', String(ports.table),
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`Azurite exited early (code ${code}): ${stderr.trim()}`))));
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  await Promise.race([
    Promise.all([waitForPort(ports.queue, deadline), waitForPort(ports.table, deadline), waitForPort(ports.blob, deadline)]),
    exited,
  ]);
  // A port that answered may belong to another process if ours failed to bind: make sure ours lives.
  await new Promise((r) => setTimeout(r, 150));
  if (child.exitCode !== null || child.signalCode !== null) await exited; // rejects: "Azurite exited early"
  exited.catch(() => undefined);
  return {
    connectionString: azuriteConnectionString(ports),
    ports,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => { child.kill('SIGKILL'); }, 3_000).unref();
    }),
  };
}
