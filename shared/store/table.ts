/**
 * `EntityTable<T>`: a typed table over `@azure/data-tables`. Each row holds one JSON document of
 * type T (validated with zod on write and on read) plus the scalar columns the caller declared as
 * `indexed`, for `$filter` queries. Writes are optimistic: `update` takes the ETag that `get`
 * returned and fails with ConflictError if someone else wrote in between; `mutate` is the
 * read-change-write loop built on it that every use-case should use.
 * https://learn.microsoft.com/rest/api/storageservices/update-entity2 (If-Match, 412)
 */
import { odata, type TableClient, type TableEntityResult, type TableServiceClientOptions } from '@azure/data-tables';
import type { z } from 'zod';
import { AppError, ConflictError, NotFoundError, StorageError, ValidationError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { createTableClient, storageFailure, toAppError } from './connection.js';
import { assertIndexedColumns, decode, encode, type IndexableKey } from './document.js';
import { assertKey } from './keys.js';

export { CorruptEntityError, type IndexableKey, type IndexedValue } from './document.js';

/** A `$filter` built by the `tableFilter` tag, so every interpolated value is quoted and escaped. */
declare const filterBrand: unique symbol;
export type TableFilter = string & { readonly [filterBrand]: true };

/**
 * Builds a filter with `odata` from @azure/data-tables: strings are quoted with `'` doubled, dates
 * become `datetime'…'`. Never build a filter by concatenating input (DESIGN.md §5).
 * Example: tableFilter`PartitionKey eq ${userId} and state eq ${'contained'}`.
 */
export function tableFilter(strings: TemplateStringsArray, ...values: unknown[]): TableFilter {
  return odata(strings, ...values) as TableFilter;
}

/** Joins already-escaped filters with `and` (each part came from `tableFilter`, so this stays safe). */
export function andFilters(...filters: TableFilter[]): TableFilter {
  return filters.map((f) => `(${f})`).join(' and ') as TableFilter;
}

export interface Row<T> {
  partitionKey: string;
  rowKey: string;
  value: T;
  /** Pass to `update`/`delete` to write only if nobody changed the row since this read. */
  etag: string;
}

export interface MutateResult<T> {
  /** The stored value after the call (undefined: there is none and `fn` created none). */
  value: T | undefined;
  etag: string | undefined;
  /** False when `fn` returned undefined: nothing was written. */
  written: boolean;
  attempts: number;
}

/**
 * Called with the current value (undefined: no row yet) and the attempt number. Return the new
 * value to write, or undefined to leave the row as it is. It may run several times, each on a
 * fresh read: keep side effects (HTTP calls, sends) out of it.
 */
export type Mutation<T> = (current: T | undefined, attempt: number) => T | undefined | Promise<T | undefined>;

export interface EntityTableOptions<T> {
  /** Validates every value written and every row read. Use JSON-compatible schemas (ISO strings
   * for times, no one-way transforms): the stored output is parsed again on read. */
  schema: z.ZodType<T>;
  /** Top-level string/boolean fields also written as their own columns, to filter on. */
  indexed?: readonly IndexableKey<T>[];
  logger?: Logger;
}

const TABLE_NAME = /^[A-Za-z][A-Za-z0-9]{2,62}$/;
const DEFAULT_MAX_ATTEMPTS = 5;

export class EntityTable<T> {
  readonly name: string;
  private readonly schema: z.ZodType<T>;
  private readonly indexed: readonly string[];
  private readonly log: Logger;
  private ensured: Promise<void> | undefined;

  /** `connectionString` is used only to scrub its key out of error messages. */
  constructor(
    private readonly client: TableClient,
    options: EntityTableOptions<T>,
    private readonly connectionString?: string,
  ) {
    this.name = client.tableName;
    if (!TABLE_NAME.test(this.name) || this.name.toLowerCase() === 'tables') {
      throw new ValidationError(
        `"${this.name}" is not a valid table name (3-63 letters or digits, starting with a letter)`,
      );
    }
    this.schema = options.schema;
    this.indexed = options.indexed ?? [];
    assertIndexedColumns(this.name, this.indexed);
    this.log = (options.logger ?? silentLogger).child({ table: this.name });
  }

  static fromConnectionString<T>(
    connectionString: string,
    tableName: string,
    options: EntityTableOptions<T> & { clientOptions?: TableServiceClientOptions },
  ): EntityTable<T> {
    const client = createTableClient(connectionString, tableName, options.clientOptions);
    return new EntityTable(client, options, connectionString);
  }

  /** Creates the table if missing, once per instance; every method calls it first. A failure is
   * not memoised, so the next call tries again. */
  ensure(): Promise<void> {
    this.ensured ??= this.client.createTable().then(
      () => undefined,
      (err: unknown) => {
        this.ensured = undefined;
        throw this.fail(err, 'create table');
      },
    );
    return this.ensured;
  }

  async get(partitionKey: string, rowKey: string): Promise<Row<T> | undefined> {
    this.keys(partitionKey, rowKey);
    await this.ensure();
    let entity: TableEntityResult<Record<string, unknown>>;
    try {
      entity = await this.client.getEntity(partitionKey, rowKey);
    } catch (err) {
      if (storageFailure(err).status === 404) return undefined;
      throw this.fail(err, 'read');
    }
    return this.toRow(entity);
  }

  /** Writes a new row; ConflictError if one exists with these keys. Returns its ETag. */
  async insert(partitionKey: string, rowKey: string, value: T): Promise<string> {
    return (await this.insertRow(partitionKey, rowKey, value)).etag;
  }

  /** Replaces the row only if its ETag is still `etag`: ConflictError on a mismatch (re-read and
   * retry, or use `mutate`), NotFoundError if it was deleted. Returns the new ETag. */
  async update(partitionKey: string, rowKey: string, value: T, etag: string): Promise<string> {
    return (await this.updateRow(partitionKey, rowKey, value, etag)).etag;
  }

  /** Inserts or replaces, whatever is there: for data with a single writer (delta links). */
  async upsert(partitionKey: string, rowKey: string, value: T): Promise<string> {
    const { properties } = this.encode(partitionKey, rowKey, value);
    await this.ensure();
    try {
      const res = await this.client.upsertEntity({ partitionKey, rowKey, ...properties }, 'Replace');
      return this.etagOf(res.etag, 'upsert');
    } catch (err) {
      throw this.fail(err, 'upsert');
    }
  }

  /** Deletes the row; with `etag`, only if unchanged (ConflictError otherwise). False if absent. */
  async delete(partitionKey: string, rowKey: string, etag?: string): Promise<boolean> {
    this.keys(partitionKey, rowKey);
    await this.ensure();
    try {
      await this.client.deleteEntity(partitionKey, rowKey, { etag: etag ?? '*' });
      return true;
    } catch (err) {
      if (storageFailure(err).status === 404) return false;
      throw this.fail(err, 'delete', true);
    }
  }

  /** Every row of one partition, in RowKey order. */
  listPartition(partitionKey: string, options: { limit?: number } = {}): Promise<Row<T>[]> {
    assertKey('PartitionKey', partitionKey);
    return this.query(tableFilter`PartitionKey eq ${partitionKey}`, options);
  }

  /** Rows matching a filter, in PartitionKey then RowKey order; `limit` stops reading early.
   * A filter on an indexed column alone scans the table: fine for this app's sizes. */
  async query(filter: TableFilter, options: { limit?: number } = {}): Promise<Row<T>[]> {
    await this.ensure();
    const rows: Row<T>[] = [];
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return rows;
    try {
      for await (const entity of this.client.listEntities({ queryOptions: { filter } })) {
        rows.push(this.toRow(entity));
        if (rows.length >= limit) break;
      }
    } catch (err) {
      if (err instanceof AppError) throw err; // a CorruptEntityError from decoding a row
      throw this.fail(err, 'query');
    }
    return rows;
  }

  /**
   * The optimistic-concurrency loop: read, apply `fn`, write with the ETag read (insert when
   * there was no row); when another writer got there first (ConflictError, or the row vanished),
   * read again and re-apply, up to `maxAttempts` (default 5) with a short jittered backoff.
   */
  async mutate(
    partitionKey: string,
    rowKey: string,
    fn: Mutation<T>,
    options: { maxAttempts?: number } = {},
  ): Promise<MutateResult<T>> {
    const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(partitionKey, rowKey);
      const next = await fn(current?.value, attempt);
      if (next === undefined) return { value: current?.value, etag: current?.etag, written: false, attempts: attempt };
      try {
        const written = current
          ? await this.updateRow(partitionKey, rowKey, next, current.etag)
          : await this.insertRow(partitionKey, rowKey, next);
        return { ...written, written: true, attempts: attempt };
      } catch (err) {
        const lostRace = err instanceof ConflictError || (current !== undefined && err instanceof NotFoundError);
        if (!lostRace) throw err;
        if (attempt >= maxAttempts) {
          throw new ConflictError(
            `${this.name}(${partitionKey}, ${rowKey}): still conflicting after ${attempt} attempts`,
          );
        }
        this.log.debug('write conflict; re-reading', { partitionKey, rowKey, attempt });
        await sleep(backoffMs(attempt));
      }
    }
  }

  private async insertRow(partitionKey: string, rowKey: string, value: T): Promise<{ value: T; etag: string }> {
    const encoded = this.encode(partitionKey, rowKey, value);
    await this.ensure();
    try {
      const res = await this.client.createEntity({ partitionKey, rowKey, ...encoded.properties });
      return { value: encoded.value, etag: this.etagOf(res.etag, 'insert') };
    } catch (err) {
      throw this.fail(err, 'insert', true);
    }
  }

  private async updateRow(
    partitionKey: string,
    rowKey: string,
    value: T,
    etag: string,
  ): Promise<{ value: T; etag: string }> {
    if (!etag)
      throw new ValidationError(`${this.name}: update needs the ETag from get(); use upsert to overwrite blindly`);
    const encoded = this.encode(partitionKey, rowKey, value);
    await this.ensure();
    try {
      // Replace, not Merge: the new document may have fewer Doc parts or drop an indexed column.
      const res = await this.client.updateEntity({ partitionKey, rowKey, ...encoded.properties }, 'Replace', { etag });
      return { value: encoded.value, etag: this.etagOf(res.etag, 'update') };
    } catch (err) {
      throw this.fail(err, 'update', true, true);
    }
  }

  private encode(partitionKey: string, rowKey: string, value: T) {
    this.keys(partitionKey, rowKey);
    return encode(this.name, this.schema, this.indexed, value);
  }

  private toRow(entity: TableEntityResult<Record<string, unknown>>): Row<T> {
    const partitionKey = entity.partitionKey ?? '';
    const rowKey = entity.rowKey ?? '';
    const value = decode(this.name, this.schema, { ...entity, partitionKey, rowKey });
    return { partitionKey, rowKey, value, etag: entity.etag };
  }

  private keys(partitionKey: string, rowKey: string): void {
    assertKey('PartitionKey', partitionKey);
    assertKey('RowKey', rowKey);
  }

  private etagOf(etag: string | undefined, action: string): string {
    if (!etag) throw new StorageError(`Storage: ${action} on ${this.name} returned no ETag`);
    return etag;
  }

  private fail(err: unknown, action: string, conflicts = false, notFound = false) {
    return toAppError(err, {
      action: `${action} ${this.name}`,
      connectionString: this.connectionString,
      conflicts,
      notFound,
    });
  }
}

function backoffMs(attempt: number): number {
  return Math.min(1_000, 20 * 2 ** (attempt - 1)) * (0.5 + Math.random());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
