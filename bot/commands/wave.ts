/**
 * `wave [name]`: a pilot wave's health card on demand (the same card the timer posts, with the
 * change since the timer's last snapshot; nothing is stored), or, alone, every wave with its status.
 */
import { waveHealthCard } from '../../cards/waves/wave-health.js';
import { waveListCard } from '../../cards/waves/wave-list.js';
import { changeSince } from '../../shared/waves/changes.js';
import { waveDeps } from '../../shared/waves/deps.js';
import { evaluateWaves, waveSettings } from '../../shared/waves/evaluate.js';
import { toSnapshot } from '../../shared/waves/snapshot.js';
import { WaveSnapshotStore } from '../../shared/waves/store.js';
import type { BotCommand } from './types.js';

export const wave: BotCommand = {
  name: 'wave',
  aliases: ['waves'],
  usage: 'wave [name]',
  example: 'wave Pilot 1',
  summary:
    "A pilot wave's health: each check, the peers and users behind what fails, and go/no-go for the next wave. Alone: every wave with its status.",
  audience: 'it',
  async run(ctx) {
    const { args, services } = ctx;
    const deps = waveDeps(services, ctx.logger);
    const settings = waveSettings(services.config);
    if (args.length === 0) {
      const evaluations = await evaluateWaves(deps, settings, { now: ctx.now() });
      return waveListCard(evaluations.map(toSnapshot));
    }
    // Wave names may have spaces ("Pilot 1"): everything after the verb is the name.
    const [evaluation] = await evaluateWaves(deps, settings, { now: ctx.now(), only: args.join(' ') });
    const snapshot = toSnapshot(evaluation!);
    const previous = await WaveSnapshotStore.fromConnectionString(services.storageConnectionString).latest(
      snapshot.wave,
    );
    return waveHealthCard(snapshot, changeSince(snapshot, previous));
  },
};
