/**
 * The named tables and the audit trail's key design, on Azurite.
 */
import { TableServiceClient } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../shared/errors.js';
import { AuditLog, auditEnvelopeSchema, auditStamp } from '../../shared/store/audit.js';
import { EntityTable, tableFilter } from '../../shared/store/table.js';
import {
  DELTA_LINK_PARTITION,
  TABLE_NAMES,
  deltaLinkSchema,
  graphSubscriptionSchema,
  tableName,
  type TableId,
} from '../../shared/store/tables.js';

const cs = inject('azuriteConnectionString');
let seq = 0;
const prefix = () => `tstTables${Date.now().toString(36)}${seq++}`;

const caseSchema = z.object({ userId: z.string(), state: z.enum(['detected', 'contained']), updatedAt: z.string() });
const eventSchema = auditEnvelopeSchema.extend({ kind: z.string(), detail: z.string().optional() });
const anything = z.object({}).loose();

/** The tables as the app's modules open them: by name, each with the schema its owner gives. */
function open(p = prefix()) {
  const table = <T>(id: TableId, schema: z.ZodType<T>, indexed: string[] = []) =>
    EntityTable.fromConnectionString(cs, tableName(id, p), { schema, indexed: indexed as never });
  return {
    cases: table('cases', caseSchema, ['state', 'userId', 'updatedAt']),
    audit: new AuditLog(table('auditEvents', eventSchema)),
    deltaLinks: table('deltaLinks', deltaLinkSchema),
    graphSubscriptions: table('graphSubscriptions', graphSubscriptionSchema, ['resource', 'expirationDateTime']),
  };
}

describe('named tables', () => {
  it('creates every named table with the prefix', async () => {
    const p = prefix();
    const ids = Object.keys(TABLE_NAMES) as TableId[];
    await Promise.all(
      ids.map((id) => EntityTable.fromConnectionString(cs, tableName(id, p), { schema: anything }).ensure()),
    );
    const service = TableServiceClient.fromConnectionString(cs, { allowInsecureConnection: true });
    const names: string[] = [];
    for await (const t of service.listTables()) if (t.name?.startsWith(p)) names.push(t.name);
    expect(names.sort()).toEqual(
      Object.values(TABLE_NAMES)
        .map((n) => `${p}${n}`)
        .sort(),
    );
    expect(tableName('cases', p)).toBe(`${p}OffboardingCases`);
  });

  it('refuses a prefix that would make an invalid table name', () => {
    expect(() => tableName('cases', 'bad-prefix')).toThrow(ValidationError);
    expect(tableName('deltaLinks')).toBe('DeltaLinks');
  });

  it('stores delta links and subscriptions with their schemas', async () => {
    const tables = open();
    const now = new Date().toISOString();
    await tables.deltaLinks.upsert(DELTA_LINK_PARTITION, 'users', {
      link: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abc',
      updatedAt: now,
    });
    expect((await tables.deltaLinks.get(DELTA_LINK_PARTITION, 'users'))?.value.link).toContain('deltatoken=abc');
    await expect(
      tables.deltaLinks.upsert(DELTA_LINK_PARTITION, 'users', { link: 'not a url', updatedAt: now }),
    ).rejects.toBeInstanceOf(ValidationError);
    const sub = graphSubscriptionSchema.parse({
      id: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
      resource: 'users',
      changeType: 'updated,deleted',
      clientState: 'secret-client-state',
      expirationDateTime: '2030-01-01T00:00:00.000Z',
      notificationUrl: 'https://example.org/api/graph',
      createdAt: now,
      updatedAt: now,
    });
    await tables.graphSubscriptions.insert('subscriptions', sub.id, sub);
    const expiring = await tables.graphSubscriptions.query(
      tableFilter`expirationDateTime lt ${'2031-01-01T00:00:00.000Z'}`,
    );
    expect(expiring.map((r) => r.value.id)).toEqual([sub.id]);
  });
});

describe('audit trail', () => {
  it('lists events per correlation id and per user in time order, whatever the append order', async () => {
    const { audit } = open();
    const t0 = Date.parse('2025-03-01T10:00:00.000Z');
    const at = (ms: number) => new Date(t0 + ms);
    const events = [
      { ...auditStamp(at(2_000)), correlationId: 'case-1', userId: 'user-a', kind: 'contained' },
      { ...auditStamp(at(0)), correlationId: 'case-1', userId: 'user-a', kind: 'detected' },
      { ...auditStamp(at(1_000)), correlationId: 'cmd-9', userId: 'user-a', kind: 'command' },
      { ...auditStamp(at(3_000)), correlationId: 'case-1', kind: 'card-sent' }, // no user
      { ...auditStamp(at(0)), correlationId: 'case-2', userId: 'user-b', kind: 'detected' },
    ];
    for (const e of events) expect(await audit.append(e)).toBe(true);
    expect((await audit.listByCorrelation('case-1')).map((e) => e.kind)).toEqual([
      'detected',
      'contained',
      'card-sent',
    ]);
    expect((await audit.listByUser('user-a')).map((e) => e.kind)).toEqual(['detected', 'command', 'contained']);
    expect((await audit.listByUser('user-b')).map((e) => e.correlationId)).toEqual(['case-2']);
    const window = await audit.listByCorrelation('case-1', {
      since: at(1_000).toISOString(),
      until: at(3_000).toISOString(),
    });
    expect(window.map((e) => e.kind)).toEqual(['contained']);
    expect(await audit.listByCorrelation('case-1', { limit: 1 })).toHaveLength(1);
  });

  it('keeps same-millisecond events in stamp order', async () => {
    const { audit } = open();
    const now = new Date('2025-03-01T10:00:00.000Z');
    const stamps = Array.from({ length: 5 }, () => auditStamp(now));
    for (const [i, s] of [...stamps.entries()].reverse())
      await audit.append({ ...s, correlationId: 'burst', kind: `step-${i}` });
    expect((await audit.listByCorrelation('burst')).map((e) => e.kind)).toEqual([
      'step-0',
      'step-1',
      'step-2',
      'step-3',
      'step-4',
    ]);
  });

  it('is idempotent: a retried append records nothing twice', async () => {
    const { audit } = open();
    const e = { ...auditStamp(), correlationId: 'case-r', userId: 'user-r', kind: 'contained' };
    expect(await audit.append(e)).toBe(true);
    expect(await audit.append(e)).toBe(false);
    expect(await audit.listByCorrelation('case-r')).toHaveLength(1);
    expect(await audit.listByUser('user-r')).toHaveLength(1);
  });

  it('accepts ids with characters keys refuse, and rejects a malformed timestamp', async () => {
    const { audit } = open();
    await audit.append({
      at: new Date().toISOString(),
      id: 'graph/notification#1?',
      correlationId: 'a/b',
      userId: 'x#y',
      kind: 'k',
    });
    expect(await audit.listByCorrelation('a/b')).toHaveLength(1);
    expect(await audit.listByUser('x#y')).toHaveLength(1);
    await expect(audit.append({ at: '2025-03-01', id: '1', correlationId: 'c', kind: 'k' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});
