/** What wave health shows in Teams, as data: cards/waves/ renders it. */
import type { WaveChange } from './changes.js';
import type { WaveSnapshot } from './snapshot.js';

/** The day's wave card: the snapshot and what changed since the previous one. */
export interface WaveHealthView {
  kind: 'wave.health';
  snapshot: WaveSnapshot;
  change?: WaveChange | undefined;
}

/** The short reply under the day's card when go/no-go flipped. */
export interface WaveChangeView {
  kind: 'wave.change';
  snapshot: WaveSnapshot;
  previous: Pick<WaveSnapshot, 'decision' | 'status' | 'takenAt'>;
}

export type WaveView = WaveHealthView | WaveChangeView;
