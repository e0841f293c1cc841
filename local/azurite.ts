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
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Azurite did not open port ${port} in time`);
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

export async function startAzurite(options: { timeoutMs?: number } = {}): Promise<RunningAzurite> {
  const ports = { blob: await freePort(), queue: await freePort(), table: await freePort() };
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
