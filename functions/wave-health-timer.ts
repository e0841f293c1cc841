/**
 * Timer (WAVE_HEALTH_SCHEDULE): checks every pilot wave, stores a snapshot, posts the day's card
 * to the IT channel or updates it in place when a status changed (shared/waves/run.ts).
 */
import { register } from '../shared/host/registry.js';
import { scheduleSetting } from '../shared/host/schedules.js';
import { contextLogger } from '../shared/logger.js';
import { getServices } from './root/services.js';
import { waveRunDeps } from '../shared/waves/deps.js';
import { waveSettings } from '../shared/waves/evaluate.js';
import { runWaveHealth } from '../shared/waves/run.js';

export const waveHealthTimer = register({
  kind: 'timer',
  name: 'waveHealth',
  schedule: scheduleSetting('WAVE_HEALTH_SCHEDULE'),
  handler: async (_timer, context) => {
    const services = getServices();
    const logger = contextLogger(context, { function: context.functionName, invocationId: context.invocationId });
    await runWaveHealth(waveRunDeps(services, logger), waveSettings(services.config));
  },
});
