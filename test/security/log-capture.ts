/**
 * Captures everything a test worker prints, so the suite can prove no secret is ever logged
 * (SECURITY.md "What is logged"). Installed once per worker process by test/support/setup.ts:
 * wraps `process.stdout.write`, `process.stderr.write` and the `console` methods (vitest routes
 * console through its own streams, so both are needed), buffers in memory and appends to
 * `test-results/logs/<pid>.log` after each test file and at exit. The files are scanned by
 * test/security/log-scan.global.ts when the run ends.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

export const LOG_DIR = join(process.cwd(), 'test-results', 'logs');

interface Capture {
  lines: string[];
  flush(): void;
}
const KEY = Symbol.for('netbird-entra-ops.log-capture');
type Holder = Record<symbol, Capture | undefined>;

/** Installs the hooks (once per process, whatever the module isolation) and returns the buffer. */
export function installLogCapture(): Capture {
  const holder = globalThis as unknown as Holder;
  const existing = holder[KEY];
  if (existing) return existing;
  const file = join(LOG_DIR, `${process.pid}.log`);
  const capture: Capture = {
    lines: [],
    flush() {
      if (capture.lines.length === 0) return;
      mkdirSync(LOG_DIR, { recursive: true });
      appendFileSync(file, capture.lines.join(''));
      capture.lines = [];
    },
  };
  const record = (chunk: unknown) => {
    capture.lines.push(
      typeof chunk === 'string'
        ? chunk
        : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array
          ? Buffer.from(chunk).toString('utf8')
          : String(chunk),
    );
  };
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = (chunk: unknown, ...rest: unknown[]) => {
      record(chunk);
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    };
  }
  /* eslint-disable no-console -- wrapping console is the point: whatever reaches it is recorded. */
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      record(`${format(...args)}\n`);
      original(...args);
    };
  }
  /* eslint-enable no-console */
  process.on('exit', () => capture.flush());
  holder[KEY] = capture;
  return capture;
}
