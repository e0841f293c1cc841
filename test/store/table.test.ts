/**
 * EntityTable on a real (in-memory) Azurite: keys, ETag concurrency, the mutate loop, document
 * splitting and validation of corrupted rows.
 */
import { TableClient } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { CorruptEntityError, EntityTable, tableFilter } from '../../shared/store/table.js';
import { decode, encode, MAX_DOC_CHARS, PART_CHARS } from '../../shared/store/document.js';
import { fromKeySafe, keySafe } from '../../shared/store/keys.js';

const cs = inject('azuriteConnectionString');
let seq = 0;
/** Unique per test: a fresh table, so tests never see each other's rows. */
const tableName = () => `tstTable${Date.now().toString(36)}${seq++}`;

const counterSchema = z.object({
  count: z.number().int(),
  state: z.enum(['open', 'closed']),
  userId: z.string().optional(),
  note: z.string().optional(),
  tags: z.array(z.string()).default([]),
});
type Counter = z.infer<typeof counterSchema>;

function counters(name = tableName()) {
  return EntityTable.fromConnectionString(cs, name, { schema: counterSchema, indexed: ['state', 'userId'] });
}
const raw = (name: string) => TableClient.fromConnectionString(cs, name, { allowInsecureConnection: true });

describe('EntityTable basics', () => {
  it('round-trips a nested value and returns undefined for a missing row', async () => {
    const t = counters();
    const etag = await t.insert('p1', 'r1', { count: 1, state: 'open', userId: 'u1', tags: ['a', 'b'] });
    expect(etag).toBeTruthy();
    const row = await t.get('p1', 'r1');
    expect(row).toEqual({
      partitionKey: 'p1',
      rowKey: 'r1',
      value: { count: 1, state: 'open', userId: 'u1', tags: ['a', 'b'] },
      etag,
    });
    expect(await t.get('p1', 'missing')).toBeUndefined();
  });

  it('ensure() is idempotent and memoised', async () => {
    const t = counters();
    await Promise.all([t.ensure(), t.ensure()]);
    await t.ensure();
    const other = counters(t.name); // a second instance on the same table: createTable 409 is fine
    await other.ensure();
  });

  it('insert twice → ConflictError', async () => {
    const t = counters();
    await t.insert('p', 'r', { count: 1, state: 'open', tags: [] });
    await expect(t.insert('p', 'r', { count: 2, state: 'open', tags: [] })).rejects.toBeInstanceOf(ConflictError);
    expect((await t.get('p', 'r'))?.value.count).toBe(1);
  });

  it('writes indexed columns that filters can use, with values escaped by tableFilter', async () => {
    const t = counters();
    await t.insert('p', 'a', { count: 1, state: 'open', userId: "o'brien", tags: [] });
    await t.insert('p', 'b', { count: 2, state: 'closed', userId: 'x', tags: [] });
    await t.insert('q', 'c', { count: 3, state: 'open', tags: [] });
    const open = await t.query(tableFilter`state eq ${'open'}`);
    expect(open.map((r) => r.rowKey)).toEqual(['a', 'c']);
    const quoted = await t.query(tableFilter`userId eq ${"o'brien"}`);
    expect(quoted.map((r) => r.rowKey)).toEqual(['a']);
    expect((await t.listPartition('p')).map((r) => r.value.count)).toEqual([1, 2]);
    expect(await t.listPartition('p', { limit: 1 })).toHaveLength(1);
    const entity = await raw(t.name).getEntity('p', 'a');
    expect(entity).toMatchObject({ state: 'open', userId: "o'brien", DocParts: 1 });
    expect(entity).not.toHaveProperty('count'); // only declared columns are projected
  });

  it('upsert overwrites; delete honours the ETag and reports absence', async () => {
    const t = counters();
    const e1 = await t.upsert('p', 'r', { count: 1, state: 'open', tags: [] });
    const e2 = await t.upsert('p', 'r', { count: 2, state: 'closed', tags: [] });
    expect(e2).not.toBe(e1);
    await expect(t.delete('p', 'r', e1)).rejects.toBeInstanceOf(ConflictError);
    expect(await t.delete('p', 'r', e2)).toBe(true);
    expect(await t.delete('p', 'r')).toBe(false);
  });

  it('update of a deleted row → NotFoundError', async () => {
    const t = counters();
    const etag = await t.insert('p', 'r', { count: 1, state: 'open', tags: [] });
    await t.delete('p', 'r');
    await expect(t.update('p', 'r', { count: 2, state: 'open', tags: [] }, etag)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses invalid keys, values and column declarations before calling storage', async () => {
    const t = counters();
    await expect(t.get('a/b', 'r')).rejects.toBeInstanceOf(ValidationError);
    const awkward = 'https://x/y?z#w\\100%\n19:abc@thread.v2';
    await t.insert(keySafe(awkward), 'r', { count: 1, state: 'open', tags: [] });
    expect(fromKeySafe((await t.listPartition(keySafe(awkward)))[0]!.partitionKey)).toBe(awkward);
    expect(keySafe('19:abc@thread.v2')).toBe('19:abc@thread.v2');
    await expect(t.insert('p', 'r#1', { count: 1, state: 'open', tags: [] })).rejects.toBeInstanceOf(ValidationError);
    const bad = { count: 1.5, state: 'nope', tags: [] } as unknown as Counter;
    const err = await t.insert('p', 'r', bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.join('\n')).toMatch(/count/);
    expect(() => EntityTable.fromConnectionString(cs, '1bad', { schema: counterSchema })).toThrow(ValidationError);
    expect(
      () => new EntityTable(raw(tableName()), { schema: z.object({ RowKey: z.string() }), indexed: ['RowKey'] }),
    ).toThrow(/indexed column/);
  });
});

describe('optimistic concurrency', () => {
  it('two writers with the same ETag: exactly one wins, the other gets ConflictError', async () => {
    const t = counters();
    await t.insert('p', 'r', { count: 0, state: 'open', tags: [] });
    const [a, b] = await Promise.all([t.get('p', 'r'), t.get('p', 'r')]);
    expect(a!.etag).toBe(b!.etag);
    const results = await Promise.allSettled([
      t.update('p', 'r', { ...a!.value, count: a!.value.count + 1 }, a!.etag),
      t.update('p', 'r', { ...b!.value, count: b!.value.count + 1 }, b!.etag),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
    expect((await t.get('p', 'r'))!.value.count).toBe(1); // the loser's increment is lost without a retry
  });

  it('mutate: both concurrent increments land, the loser re-reads and retries', async () => {
    const t = counters();
    await t.insert('p', 'r', { count: 0, state: 'open', tags: [] });
    // A barrier holds both first attempts until each has read, so both write with the same ETag.
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const increment = async (current: Counter | undefined, attempt: number) => {
      if (attempt === 1) {
        if (++arrived === 2) release();
        await bothRead;
      }
      return { ...current!, count: current!.count + 1 };
    };
    const [r1, r2] = await Promise.all([t.mutate('p', 'r', increment), t.mutate('p', 'r', increment)]);
    expect([r1.attempts, r2.attempts].sort()).toEqual([1, 2]);
    expect((await t.get('p', 'r'))!.value.count).toBe(2);
  });

  it('mutate creates a missing row, races on creation, and skips the write when fn returns undefined', async () => {
    const t = counters();
    const create = (current: Counter | undefined): Counter =>
      current ? { ...current, count: current.count + 1 } : { count: 1, state: 'open', tags: [] };
    const results = await Promise.all([
      t.mutate('p', 'new', create),
      t.mutate('p', 'new', create),
      t.mutate('p', 'new', create),
    ]);
    expect(results.every((r) => r.written)).toBe(true);
    expect((await t.get('p', 'new'))!.value.count).toBe(3);
    const unchanged = await t.mutate('p', 'new', () => undefined);
    expect(unchanged).toMatchObject({ written: false, attempts: 1, value: { count: 3 } });
    expect(await t.mutate('p', 'absent', () => undefined)).toMatchObject({
      written: false,
      value: undefined,
      etag: undefined,
    });
  });

  it('mutate gives up with ConflictError after maxAttempts', async () => {
    const t = counters();
    await t.insert('p', 'r', { count: 0, state: 'open', tags: [] });
    // A rival writes between every read and write of ours.
    const rival = counters(t.name);
    const result = t.mutate(
      'p',
      'r',
      async (current) => {
        await rival.upsert('p', 'r', { ...current!, count: current!.count + 100 });
        return { ...current!, count: current!.count + 1 };
      },
      { maxAttempts: 3 },
    );
    await expect(result).rejects.toThrow(/still conflicting after 3 attempts/);
  });
});

describe('document layout', () => {
  it('splits multi-byte text without cutting a surrogate pair, and reassembles it', () => {
    const note = '€漢😀a'.repeat(Math.ceil((PART_CHARS * 2.5) / 5)); // spans three parts, surrogate pairs at the edges
    const { properties } = encode('t', counterSchema, [], { count: 1, state: 'open', note, tags: [] });
    expect(properties.DocParts).toBe(3);
    for (const k of ['Doc0', 'Doc1', 'Doc2']) expect(properties[k]).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    const entity = { partitionKey: 'p', rowKey: 'r', ...properties };
    expect(decode('t', counterSchema, entity).note).toBe(note);
  });

  // Azurite decodes each chunk of a request body on its own (segments.join("") over Buffers), which
  // garbles a multi-byte character split across chunks of a large body; so the round trip through
  // storage uses ASCII. Real Table storage has no such problem.
  it('splits a large document over several columns in storage and reassembles it', async () => {
    const t = counters();
    const note = 'abcd'.repeat(Math.ceil((PART_CHARS * 2.5) / 4)); // spans three parts
    await t.insert('p', 'big', { count: 1, state: 'open', note, tags: [] });
    const entity = await raw(t.name).getEntity('p', 'big');
    expect(entity.DocParts).toBe(3);
    expect((await t.get('p', 'big'))!.value.note).toBe(note);
    await t.update('p', 'big', { count: 2, state: 'open', tags: [] }, (await t.get('p', 'big'))!.etag);
    const shrunk = await raw(t.name).getEntity('p', 'big');
    expect(shrunk.DocParts).toBe(1);
    expect(shrunk).not.toHaveProperty('Doc1'); // Replace, not Merge: no stale parts left behind
  });

  it('refuses a document over the limit with a clear ValidationError', async () => {
    const t = counters();
    const fits = 'y'.repeat(MAX_DOC_CHARS - 100); // the largest accepted document does fit in one entity
    await t.insert('p', 'largest', { count: 1, state: 'open', note: fits, tags: [] });
    expect((await t.get('p', 'largest'))!.value.note).toHaveLength(fits.length);
    const note = 'x'.repeat(MAX_DOC_CHARS);
    const err = await t.insert('p', 'huge', { count: 1, state: 'open', note, tags: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/document is \d+ characters; the limit is 400000/);
  });
});

describe('corrupted rows', () => {
  it('a row that fails its schema gives CorruptEntityError naming the row and the field', async () => {
    const t = counters();
    await t.ensure();
    await raw(t.name).createEntity({
      partitionKey: 'p',
      rowKey: 'bad',
      DocParts: 1,
      Doc0: JSON.stringify({ count: 'many', state: 'open' }),
    });
    const err = await t.get('p', 'bad').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptEntityError);
    expect((err as CorruptEntityError).message).toContain(`${t.name}(p, bad)`);
    expect((err as CorruptEntityError).issues.join()).toMatch(/^count:/);
    await expect(t.listPartition('p')).rejects.toBeInstanceOf(CorruptEntityError);
  });

  it('bad JSON and missing parts are reported the same way', async () => {
    const t = counters();
    await t.ensure();
    await raw(t.name).createEntity({ partitionKey: 'p', rowKey: 'json', DocParts: 1, Doc0: '{"count":' });
    await raw(t.name).createEntity({ partitionKey: 'p', rowKey: 'parts', DocParts: 2, Doc0: '{}' });
    await raw(t.name).createEntity({ partitionKey: 'p', rowKey: 'foreign', name: 'written by something else' });
    await expect(t.get('p', 'json')).rejects.toThrow(/not valid JSON/);
    await expect(t.get('p', 'parts')).rejects.toThrow(/Doc1 is missing/);
    await expect(t.get('p', 'foreign')).rejects.toThrow(/DocParts is missing/);
  });

  it('schema defaults fill fields added after a row was written', async () => {
    const t = counters();
    await t.ensure();
    await raw(t.name).createEntity({
      partitionKey: 'p',
      rowKey: 'old',
      DocParts: 1,
      Doc0: JSON.stringify({ count: 4, state: 'open' }),
    });
    expect((await t.get('p', 'old'))!.value).toEqual({ count: 4, state: 'open', tags: [] });
  });
});
