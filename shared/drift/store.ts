/**
 * The GroupDrift table: the findings of the last report that reached the IT channel, so the next
 * daily card says what is new and what was resolved since.
 *
 * Keys: PartitionKey `report`; RowKey `last` holds the header (when, how many parts), RowKeys
 * `last-0000`… the findings in parts of PART_SIZE (a mass drift of thousands of findings would
 * outgrow one entity's 1 MiB). Parts are written before the header, so a reader never sees a header
 * whose parts are not all there; parts beyond the header's count are leftovers and are ignored.
 */
import { z } from 'zod';
import { EntityTable } from '../store/table.js';
import { tableName } from '../store/tables.js';
import type { Finding } from './types.js';

const PARTITION = 'report';
const HEADER = 'last';
const PART_SIZE = 1_000;

const findingSchema = z.object({ key: z.string().min(1), label: z.string() });
const rowSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('header'),
    takenAt: z.iso.datetime({ offset: true }),
    parts: z.number().int().nonnegative(),
    count: z.number().int().nonnegative(),
  }),
  z.object({ kind: z.literal('part'), findings: z.array(findingSchema) }),
]);
type Row = z.infer<typeof rowSchema>;

export interface StoredReport {
  takenAt: string;
  findings: Finding[];
}

const partKey = (i: number) => `${HEADER}-${String(i).padStart(4, '0')}`;

export class DriftReportStore {
  constructor(private readonly table: EntityTable<Row>) {}

  static fromConnectionString(connectionString: string, options: { prefix?: string } = {}): DriftReportStore {
    return new DriftReportStore(
      EntityTable.fromConnectionString(connectionString, tableName('groupDrift', options.prefix), {
        schema: rowSchema,
      }),
    );
  }

  async latest(): Promise<StoredReport | undefined> {
    const header = (await this.table.get(PARTITION, HEADER))?.value;
    if (header?.kind !== 'header') return undefined;
    const findings: Finding[] = [];
    for (let i = 0; i < header.parts; i++) {
      const part = (await this.table.get(PARTITION, partKey(i)))?.value;
      if (part?.kind === 'part') findings.push(...part.findings);
    }
    return { takenAt: header.takenAt, findings };
  }

  async save(report: StoredReport): Promise<void> {
    const parts = Math.ceil(report.findings.length / PART_SIZE);
    for (let i = 0; i < parts; i++) {
      await this.table.upsert(PARTITION, partKey(i), {
        kind: 'part',
        findings: report.findings.slice(i * PART_SIZE, (i + 1) * PART_SIZE),
      });
    }
    await this.table.upsert(PARTITION, HEADER, {
      kind: 'header',
      takenAt: report.takenAt,
      parts,
      count: report.findings.length,
    });
  }
}
