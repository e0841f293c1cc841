/**
 * `npm start`: runs the app on this machine. Exits non-zero with one message listing every bad
 * setting when the configuration is incomplete.
 */
import { ConfigError } from '../shared/errors.js';
import { jsonLineLogger } from '../shared/logger.js';
import { startLocalHost } from './host.js';

const logger = jsonLineLogger((process.env.LOG_LEVEL as 'debug' | 'info' | 'warn' | 'error' | undefined) ?? 'info');

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 7071);
  const host = await startLocalHost({ port, host: process.env.HOST ?? '127.0.0.1', logger });
  const routes = host.functions.http.map((f) => `  ${f.methods.join(',').padEnd(10)} ${host.url}/api/${f.route}`);
  console.log([
    `NetBird Entra Ops is running at ${host.url}`,
    ...routes,
    ...host.functions.timer.map((f) => `  timer      ${f.name} (${f.schedule})`),
    ...host.functions.queue.map((f) => `  queue      ${f.name} <- ${f.queueName}`),
  ].join('\n'));
  const shutdown = () => {
    host.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    console.error('Set these as environment variables (see README.md, "Configuration").');
  } else {
    logger.error('the local host could not start', { error: err instanceof Error ? err : String(err) });
  }
  process.exit(1);
});
