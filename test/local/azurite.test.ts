/**
 * The Azurite this process starts (local/azurite.ts) goes with it, however the process ends: a
 * bench run that crashed with process.exit(1), and a local host stopped while still starting (the
 * cold-start bench stops it as soon as it answers), used to leave their Azurite running.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Whether anything answers HTTP on the port (a connect alone proves nothing where nock is loaded). */
const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    );
    const done = (value: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(false), 1_000);
    socket.once('data', () => done(true));
    socket.once('error', () => done(false));
    socket.once('end', () => done(false));
  });

describe('startAzurite', () => {
  it('stops its Azurite when the process that started it exits without stopping it', async () => {
    const script =
      "const { startAzurite } = await import('./local/azurite.ts');" +
      'const a = await startAzurite(); console.log(JSON.stringify(a.ports)); process.exit(1);';
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    const ports = JSON.parse(out.trim()) as { table: number; queue: number };
    // The kill is sent as the process exits; give the OS a moment to close the sockets.
    for (let i = 0; i < 50 && (await answers(ports.table)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await answers(ports.table)).toBe(false);
    expect(await answers(ports.queue)).toBe(false);
  }, 60_000);

  it('is stopped when the local host gets SIGTERM while it is still starting', async () => {
    // The demo tenant (no settings): the host logs Azurite's ports, then goes on starting.
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const ports = await new Promise<{ table: number; queue: number }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.includes('storage: embedded Azurite'));
        if (line) resolve((JSON.parse(line) as { ports: { table: number; queue: number } }).ports);
      });
      void exited.then(() => reject(new Error(`the host exited before starting Azurite: ${out.slice(-500)}`)));
    });
    expect(await answers(ports.table)).toBe(true);
    child.kill('SIGTERM');
    await exited;
    for (let i = 0; i < 50 && (await answers(ports.table)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await answers(ports.table)).toBe(false);
    expect(await answers(ports.queue)).toBe(false);
  }, 120_000);
});
