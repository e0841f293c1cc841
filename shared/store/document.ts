/**
 * How a typed value is laid out in a table entity: the JSON document split over string columns
 * `Doc0…DocN` (count in `DocParts`), plus the caller's "indexed" scalar columns for `$filter`.
 *
 * Why split: a string property holds at most 64 KiB (UTF-16, so 32 K characters) and an entity at
 * most 1 MiB in all, so a case with a long device list can outgrow one column.
 * https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#property-types
 * https://learn.microsoft.com/azure/storage/tables/scalability-targets
 */
import type { TableEntity } from '@azure/data-tables';
import type { z } from 'zod';
import { AppError, ValidationError } from '../errors.js';

/** Characters per Doc column: under the 32,768 UTF-16 units a 64 KiB string property allows. */
export const PART_CHARS = 30_000;
/** Largest document we store (about 800 KB as UTF-16): leaves room for keys and indexed columns in 1 MiB. */
export const MAX_DOC_CHARS = 400_000;
const PARTS_COLUMN = 'DocParts';
const RESERVED = /^(PartitionKey|RowKey|Timestamp|etag|odata\..*|DocParts|Doc\d+)$/i;
// Property names are C# identifiers of at most 255 characters.
const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/** Scalar types an indexed column may hold. Strings and booleans only: ISO timestamps and
 * zero-padded numbers compare correctly as strings, and that avoids Edm.Int32/Int64/Double
 * literal typing in filters (a filter `n gt 3` does not match an Edm.Double or Edm.Int64 column). */
export type IndexedValue = string | boolean;

/** The top-level fields of T whose values are strings or booleans (optional allowed). */
export type IndexableKey<T> = {
  [K in keyof T & string]-?: [NonNullable<T[K]>] extends [never]
    ? never
    : NonNullable<T[K]> extends IndexedValue
      ? K
      : never;
}[keyof T & string];

/** A stored row that does not decode: bad JSON, missing parts, or a value its schema refuses. */
export class CorruptEntityError extends AppError {
  override readonly status = 500;
  override readonly code = 'corrupt_entity';
  constructor(
    readonly table: string,
    readonly partitionKey: string,
    readonly rowKey: string,
    reason: string,
    readonly issues: readonly string[] = [],
  ) {
    super(
      `Stored entity ${table}(${partitionKey}, ${rowKey}) is corrupt: ${reason}${issues.length ? ` [${issues.join('; ')}]` : ''}`,
    );
  }
}

export function assertIndexedColumns(table: string, columns: readonly string[]): void {
  for (const c of columns) {
    if (!PROPERTY_NAME.test(c) || RESERVED.test(c)) {
      throw new ValidationError(`${table}: "${c}" cannot be an indexed column (reserved or not a valid property name)`);
    }
  }
}

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}

/** Splits at PART_CHARS without cutting a surrogate pair (a lone half would be stored as U+FFFD). */
function split(doc: string): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < doc.length) {
    let end = Math.min(start + PART_CHARS, doc.length);
    const last = doc.charCodeAt(end - 1);
    if (end < doc.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(doc.slice(start, end));
    start = end;
  }
  return parts.length ? parts : [''];
}

/** Validates `value` and lays it out as entity properties. Returns the schema's output too. */
export function encode<T>(
  table: string,
  schema: z.ZodType<T>,
  indexed: readonly string[],
  value: T,
): { properties: Record<string, unknown>; value: T } {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ValidationError(`${table}: value does not match its schema`, formatIssues(parsed.error));
  const doc = JSON.stringify(parsed.data);
  if (doc.length > MAX_DOC_CHARS) {
    throw new ValidationError(
      `${table}: document is ${doc.length} characters; the limit is ${MAX_DOC_CHARS} (Table storage entities are at most 1 MiB)`,
    );
  }
  const parts = split(doc);
  const properties: Record<string, unknown> = { [PARTS_COLUMN]: parts.length };
  parts.forEach((p, i) => {
    properties[`Doc${i}`] = p;
  });
  const record = (parsed.data ?? {}) as Record<string, unknown>;
  for (const column of indexed) {
    const v = record[column];
    if (v === undefined || v === null) continue; // no nulls in Table storage: an absent column filters as null
    if (typeof v !== 'string' && typeof v !== 'boolean') {
      throw new ValidationError(`${table}: indexed column "${column}" must be a string or boolean, got ${typeof v}`);
    }
    if (typeof v === 'string' && v.length > PART_CHARS)
      throw new ValidationError(`${table}: indexed column "${column}" is too long`);
    properties[column] = v;
  }
  return { properties, value: parsed.data };
}

/** Reassembles and validates a stored entity; every failure is a CorruptEntityError naming the row. */
export function decode<T>(table: string, schema: z.ZodType<T>, entity: TableEntity): T {
  const corrupt = (reason: string, issues?: string[]) =>
    new CorruptEntityError(table, entity.partitionKey, entity.rowKey, reason, issues);
  const count = entity[PARTS_COLUMN];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1)
    throw corrupt(`${PARTS_COLUMN} is missing or invalid`);
  let doc = '';
  for (let i = 0; i < count; i++) {
    const part = entity[`Doc${i}`];
    if (typeof part !== 'string') throw corrupt(`Doc${i} is missing`);
    doc += part;
  }
  let json: unknown;
  try {
    json = JSON.parse(doc);
  } catch {
    throw corrupt('the document is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw corrupt('the document does not match its schema', formatIssues(parsed.error));
  return parsed.data;
}
