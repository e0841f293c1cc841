/**
 * The WaveSnapshots table: every run's snapshot of every wave (history, for the change since last
 * time and for trends), and the card posted for each wave each day, so later runs that day update
 * it in place instead of posting again.
 *
 * Keys: PartitionKey = the wave's name (lower case, `keySafe`d);
 *   RowKey `s-<13-digit inverted epoch ms>` for snapshots, so the newest sorts first;
 *   RowKey `card-<YYYY-MM-DD>` (UTC day) for the day's card.
 */
import { z } from 'zod';
import { EntityTable } from '../store/table.js';
import { andFilters, tableFilter } from '../store/table.js';
import { keySafe } from '../store/keys.js';
import { tableName } from '../store/tables.js';
import { waveSnapshotSchema, type WaveSnapshot } from './snapshot.js';

const MAX_TIME = 9_999_999_999_999;

const sentSchema = z.object({
  conversationId: z.string().min(1),
  activityId: z.string().min(1),
  serviceUrl: z.string().min(1),
  via: z.enum(['personal', 'channel']),
});

const dayCardSchema = z.object({
  wave: z.string().min(1),
  day: z.iso.date(),
  sent: sentSchema,
  /** statusSignature of what the card shows now. */
  signature: z.string(),
  postedAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type DayCard = z.infer<typeof dayCardSchema>;

const rowSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('snapshot'), snapshot: waveSnapshotSchema }),
  z.object({ kind: z.literal('card'), card: dayCardSchema }),
]);
type Row = z.infer<typeof rowSchema>;

function partition(wave: string): string {
  return keySafe(wave.toLowerCase());
}

function snapshotKey(takenAt: string): string {
  return `s-${String(MAX_TIME - Date.parse(takenAt)).padStart(13, '0')}`;
}

export interface WaveStoreOptions {
  /** Table-name prefix (tests, or environments sharing an account). */
  prefix?: string;
}

export class WaveSnapshotStore {
  constructor(private readonly table: EntityTable<Row>) {}

  static fromConnectionString(connectionString: string, options: WaveStoreOptions = {}): WaveSnapshotStore {
    return new WaveSnapshotStore(
      EntityTable.fromConnectionString(connectionString, tableName('waveSnapshots', options.prefix), {
        schema: rowSchema,
      }),
    );
  }

  async save(snapshot: WaveSnapshot): Promise<void> {
    await this.table.upsert(partition(snapshot.wave), snapshotKey(snapshot.takenAt), { kind: 'snapshot', snapshot });
  }

  /** The wave's snapshots, newest first. */
  async history(wave: string, limit = 30): Promise<WaveSnapshot[]> {
    const pk = partition(wave);
    const rows = await this.table.query(
      andFilters(tableFilter`PartitionKey eq ${pk}`, tableFilter`RowKey ge ${'s-'}`, tableFilter`RowKey lt ${'s.'}`),
      { limit },
    );
    return rows.flatMap((r) => (r.value.kind === 'snapshot' ? [r.value.snapshot] : []));
  }

  async latest(wave: string): Promise<WaveSnapshot | undefined> {
    return (await this.history(wave, 1))[0];
  }

  async dayCard(wave: string, day: string): Promise<DayCard | undefined> {
    const row = await this.table.get(partition(wave), `card-${day}`);
    return row?.value.kind === 'card' ? row.value.card : undefined;
  }

  async saveDayCard(card: DayCard): Promise<void> {
    await this.table.upsert(partition(card.wave), `card-${card.day}`, {
      kind: 'card',
      card: dayCardSchema.parse(card),
    });
  }
}
