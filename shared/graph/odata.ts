/**
 * OData `$filter` building. Every value that reaches a filter goes through `odataString` (or one
 * of the typed literals below), and filters are assembled only from these builders: the transport
 * accepts an `ODataFilter`, never a string, so raw input cannot be concatenated into a filter.
 *
 * Percent-encoding of the finished filter is the transport's job (url.ts), not this module's.
 *
 * Why the doubling: in OData a `'` inside a string literal is written `''`, and Graph rejects
 * (or, worse, misreads) an unescaped one.
 * https://learn.microsoft.com/graph/query-parameters#escaping-single-quotes
 */
import { ValidationError } from '../errors.js';

/** Control characters (C0, DEL, C1) never belong in a filter value or a path segment. */
const CONTROL_CHARS = /\p{Cc}/u;
/** A property path such as `id`, `initiatedBy/user/id` or a lambda variable path `t/id`. */
const PROPERTY_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*$/;
const LAMBDA_VARIABLE = /^[a-z][A-Za-z0-9_]*$/;

export function hasControlChars(value: string): boolean {
  return CONTROL_CHARS.test(value);
}

/** Quotes and escapes a value as an OData string literal: `o'brien` → `'o''brien'`. */
export function odataString(value: string): string {
  if (typeof value !== 'string') throw new ValidationError('OData string value must be a string');
  if (hasControlChars(value)) throw new ValidationError('OData string value contains control characters');
  return `'${value.replaceAll("'", "''")}'`;
}

/** Module-private: without it no code outside this file can construct an `ODataFilter`. */
const BUILDER = Symbol('ODataFilter builder');

/** A finished filter expression. Only the builders below can make one. */
export class ODataFilter {
  readonly #text: string;
  constructor(builder: typeof BUILDER, text: string) {
    if (builder !== BUILDER) throw new TypeError('ODataFilter is built with the odata.ts builders only');
    this.#text = text;
  }
  toString(): string {
    return this.#text;
  }
}

const filter = (text: string): ODataFilter => new ODataFilter(BUILDER, text);

/** Values a comparison accepts. Dates become unquoted DateTimeOffset literals (UTC, ISO 8601). */
export type ODataValue = string | number | boolean | Date;

function literal(value: ODataValue): string {
  if (typeof value === 'string') return odataString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError('OData number must be finite');
    return String(value);
  }
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  throw new ValidationError('Unsupported OData value');
}

function property(path: string): string {
  if (!PROPERTY_PATH.test(path)) throw new ValidationError(`Not an OData property path: ${JSON.stringify(path)}`);
  return path;
}

function comparison(op: string) {
  return (path: string, value: ODataValue): ODataFilter => filter(`${property(path)} ${op} ${literal(value)}`);
}

export const eq = comparison('eq');
export const ne = comparison('ne');
export const gt = comparison('gt');
export const ge = comparison('ge');
export const lt = comparison('lt');
export const le = comparison('le');

export function startsWith(path: string, value: string): ODataFilter {
  return filter(`startswith(${property(path)},${odataString(value)})`);
}

/** `path in ('a','b')`. An empty list has no valid OData form, so it is refused. */
export function inList(path: string, values: readonly ODataValue[]): ODataFilter {
  if (values.length === 0) throw new ValidationError('OData "in" needs at least one value');
  return filter(`${property(path)} in (${values.map(literal).join(',')})`);
}

function join(op: 'and' | 'or', filters: readonly ODataFilter[]): ODataFilter {
  if (filters.length === 0) throw new ValidationError(`OData "${op}" needs at least one operand`);
  if (filters.length === 1) return filters[0]!;
  return filter(filters.map((f) => `(${f.toString()})`).join(` ${op} `));
}

export const and = (...filters: ODataFilter[]): ODataFilter => join('and', filters);
export const or = (...filters: ODataFilter[]): ODataFilter => join('or', filters);
export const not = (operand: ODataFilter): ODataFilter => filter(`not (${operand.toString()})`);

/**
 * A lambda over a collection: `any('targetResources', 't', eq('t/id', id))` gives
 * `targetResources/any(t: t/id eq '…')`. The predicate refers to items through `variable/…`.
 */
export function any(collection: string, variable: string, predicate: ODataFilter): ODataFilter {
  if (!LAMBDA_VARIABLE.test(variable))
    throw new ValidationError(`Not an OData lambda variable: ${JSON.stringify(variable)}`);
  return filter(`${property(collection)}/any(${variable}: ${predicate.toString()})`);
}
