/**
 * Checks a card as Teams would take it: valid against the Adaptive Card 1.5 schema (with the
 * Teams-only `msteams` property stripped first), no unbound `${`, under 28 KB.
 * See ../shared/adaptivecards/SOURCE.md for why the schema needs `$id` and `strict: false`.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { MAX_CARD_BYTES } from '../../cards/types.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schemaUrl = new URL('../../../shared/adaptivecards/adaptive-card.schema.json', import.meta.url);

let validate: ReturnType<Ajv['compile']> | undefined;
function validator() {
  if (!validate) {
    const schema = JSON.parse(readFileSync(schemaUrl, 'utf8')) as Record<string, unknown>;
    schema.$id = schema.id;
    delete schema.id;
    delete schema.$schema;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  return validate;
}

function stripMsteams(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMsteams);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'msteams')
        .map(([k, v]) => [k, stripMsteams(v)]),
    );
  }
  return value;
}

export function cardErrors(card: unknown): string[] {
  const v = validator();
  if (v(stripMsteams(card))) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

export function expectValidCard(card: unknown): void {
  const text = JSON.stringify(card);
  expect(text).not.toContain('${');
  expect(Buffer.byteLength(text)).toBeLessThan(MAX_CARD_BYTES);
  expect((card as { version?: string }).version).toBe('1.5');
  expect(cardErrors(card)).toEqual([]);
}
