/**
 * Runs the registered timer functions on their NCRONTAB schedules (six fields, UTC, as the
 * Functions host does by default), never overlapping a run with the previous one.
 */
import { Cron } from 'croner';
import type { Timer } from '@azure/functions';
import type { TimerFunction } from '../shared/host/registry.js';
import type { Logger } from '../shared/logger.js';
import { localContext } from './context.js';

export interface RunningTimers {
  /** Runs one timer now, as the Functions admin API's "run" would. */
  runNow(name: string): Promise<void>;
  stop(): void;
}

export function startTimers(functions: TimerFunction[], logger: Logger): RunningTimers {
  const last = new Map<string, Date>();
  const jobs = new Map<string, Cron>();

  const invoke = async (fn: TimerFunction): Promise<void> => {
    const job = jobs.get(fn.name);
    const now = new Date();
    const timer: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: false },
      scheduleStatus: {
        last: (last.get(fn.name) ?? now).toISOString(),
        next: (job?.nextRun() ?? now).toISOString(),
        lastUpdated: now.toISOString(),
      },
    };
    last.set(fn.name, now);
    try {
      await fn.handler(timer, localContext(fn.name, logger));
    } catch (err) {
      logger.error('timer function failed', { function: fn.name, error: err instanceof Error ? err : String(err) });
    }
  };

  for (const fn of functions) {
    jobs.set(fn.name, new Cron(fn.schedule, { timezone: 'Etc/UTC', protect: true }, () => invoke(fn)));
    logger.info('timer scheduled', {
      function: fn.name,
      schedule: fn.schedule,
      next: jobs.get(fn.name)?.nextRun()?.toISOString(),
    });
  }

  return {
    runNow: async (name) => {
      const fn = functions.find((f) => f.name === name);
      if (!fn) throw new Error(`no timer function named ${name}`);
      await invoke(fn);
    },
    stop: () => {
      for (const job of jobs.values()) job.stop();
    },
  };
}
