import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { loadFunctions } from '../../local/discover.js';
import { register, registeredFunctions, registerStartHook } from '../../shared/host/registry.js';
import { runsInFunctionsHost } from '../../shared/host/runtime.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Every function the app registers. A missing or changed registration fails here. */
const EXPECTED = [
  { name: 'health', kind: 'http', route: 'health', methods: ['GET'], authLevel: 'anonymous' },
  // Teams bot (issue 4)
  { name: 'messages', kind: 'http', route: 'messages', methods: ['POST'], authLevel: 'anonymous' },
  { name: 'botFollowUps', kind: 'queue', queueName: 'bot-follow-ups' },
  // offboarding (issue 3)
  { name: 'graphNotifications', kind: 'http', route: 'graph/notifications', methods: ['POST'], authLevel: 'function' },
  { name: 'graphLifecycle', kind: 'http', route: 'graph/lifecycle', methods: ['POST'], authLevel: 'function' },
  { name: 'offboard', kind: 'http', route: 'offboard', methods: ['POST'], authLevel: 'function' },
  { name: 'offboardingChecks', kind: 'queue', queueName: 'graph-notifications' },
  { name: 'offboardingWork', kind: 'queue', queueName: 'offboarding-work' },
  { name: 'offboardingChecksPoison', kind: 'queue', queueName: 'graph-notifications-poison' },
  { name: 'offboardingWorkPoison', kind: 'queue', queueName: 'offboarding-work-poison' },
  { name: 'graphSubscriptions', kind: 'timer', schedule: '0 0 */6 * * *' },
  { name: 'offboardingSweep', kind: 'timer', schedule: '0 */15 * * * *' },
  { name: 'offboardingEscalation', kind: 'timer', schedule: '0 */30 * * * *' },
  // self-healing (issue 17)
  { name: 'offboardingRetry', kind: 'timer', schedule: '0 * * * * *' },
  { name: 'waveHealth', kind: 'timer', schedule: '0 0 8-18 * * *' },
  // group drift (issue 14)
  { name: 'groupDrift', kind: 'timer', schedule: '0 30 6 * * *' },
  // joiners (issue 13)
  { name: 'joinerPoll', kind: 'timer', schedule: '0 */2 * * * *' },
  // NetBird activity feed (issue 14)
  { name: 'netbirdActivity', kind: 'timer', schedule: '30 */2 * * * *' },
];

describe('function registrations', () => {
  it('registers exactly the expected functions with their triggers', async () => {
    const got = (await loadFunctions()).map((f) => {
      switch (f.kind) {
        case 'http':
          return { name: f.name, kind: f.kind, route: f.route, methods: f.methods, authLevel: f.authLevel };
        case 'timer':
          return { name: f.name, kind: f.kind, schedule: f.schedule };
        case 'queue':
          return { name: f.name, kind: f.kind, queueName: f.queueName };
      }
    });
    expect(got.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [...EXPECTED].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('deploys what it registers: package.json main is the compiled functions folder', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/functions/*.js');
    const sources = readdirSync(new URL('../../functions/', import.meta.url)).filter((f) => f.endsWith('.ts'));
    expect(sources).toContain('health.ts');
  });

  it('hands every function and start hook to the Functions host, and only there (no "test mode" warnings)', () => {
    // The worker's own process: every registration reaches its core API, nothing is printed.
    const worker = new URL('./support/functions-worker.ts', import.meta.url).pathname;
    const run = spawnSync(process.execPath, ['--import', 'tsx', worker], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const reached = JSON.parse(run.stdout) as { functions: string[]; hooks: string[] };
    expect(reached.functions).toEqual(EXPECTED.map((f) => f.name).sort());
    expect(reached.hooks.length).toBeGreaterThan(0);
    expect(reached.hooks.every((h) => h === 'appStart')).toBe(true);
    expect(run.stderr).not.toMatch(/WARNING|test mode/);
  }, 60_000);

  it('outside the Functions host registers locally without calling @azure/functions (which would warn)', () => {
    const warn = vi.spyOn(console, 'warn');
    try {
      expect(runsInFunctionsHost()).toBe(false);
      // A definition not registered before in this file (the app's own are, by the test above).
      const probe = register({ kind: 'timer', name: 'probeTimer', schedule: '0 0 * * * *', handler: () => undefined });
      expect(registeredFunctions()).toContain(probe);
      registerStartHook({ name: 'probeHook', handler: () => Promise.resolve() });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
