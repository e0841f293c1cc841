/**
 * `npm start`: runs the app on this machine. With NetBird and Graph settings it talks to them;
 * with none it starts the demo tenant (simulators + dev console). An incomplete configuration
 * exits non-zero with one message listing every bad setting.
 */
import { ConfigError } from '../shared/errors.js';
import { jsonLineLogger } from '../shared/logger.js';
import { startDemo, wantsDemo, type Demo } from './demo-mode.js';
import { startLocalHost } from './host.js';

const logger = jsonLineLogger((process.env.LOG_LEVEL as 'debug' | 'info' | 'warn' | 'error' | undefined) ?? 'info');

/**
 * Timers the demo runs once at start, so the Graph subscription and the delta baseline exist, and
 * the pending joiner's approval card is there to try (joiners).
 */
const DEMO_START_TIMERS = ['graphSubscriptions', 'offboardingSweep', 'joinerPoll'];

async function main(): Promise<void> {
  // Ctrl+C (or SIGTERM) while still starting: exit at once; the exit stops the Azurite started so
  // far (local/azurite.ts). Once running, the host and the demo are stopped in order instead.
  let shutdown: () => void = () => process.exit(130);
  process.once('SIGINT', () => shutdown());
  process.once('SIGTERM', () => shutdown());
  const port = Number(process.env.PORT ?? 7071);
  let url = `http://localhost:${port}`;
  let demo: Demo | undefined;
  if (wantsDemo(process.env)) demo = await startDemo(port, logger, () => url);
  const host = await startLocalHost({
    port,
    host: process.env.HOST ?? '127.0.0.1',
    logger,
    extraRoutes: demo ? [demo.console.route] : [],
  });
  url = host.url;
  const routes = host.functions.http.map((f) => `  ${f.methods.join(',').padEnd(10)} ${host.url}/api/${f.route}`);
  console.log(
    [
      `NetBird Entra Ops is running at ${host.url}${demo ? ' on the demo tenant' : ''}`,
      ...routes,
      ...host.functions.timer.map((f) => `  timer      ${f.name} (${f.schedule})`),
      ...host.functions.queue.map((f) => `  queue      ${f.name} <- ${f.queueName}`),
    ].join('\n'),
  );
  if (demo) {
    await demo.console.installAll();
    for (const name of DEMO_START_TIMERS)
      if (host.functions.timer.some((t) => t.name === name)) await host.timers.runNow(name);
    console.log(
      `\nDev console: ${host.url}/  (chat with the bot as IT, a manager or someone else; demo controls on the left)`,
    );
  }
  shutdown = () => {
    Promise.all([host.stop(), demo?.world.stop()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    console.error(
      'Set these as environment variables (see README.md, "Configuration"), or set none of the NetBird and Graph settings to run the demo tenant.',
    );
  } else {
    logger.error('the local host could not start', { error: err instanceof Error ? err : String(err) });
  }
  process.exit(1);
});
