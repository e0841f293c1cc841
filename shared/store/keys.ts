/**
 * PartitionKey / RowKey rules, checked before a request so a bad key fails with a clear message
 * instead of a 400 from the service.
 * https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#characters-disallowed-in-key-fields
 */
import { ValidationError } from '../errors.js';

const MAX_KEY_CHARS = 1024;
// The service refuses / \ # ? and control characters in keys.
// eslint-disable-next-line no-control-regex
const DISALLOWED = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

export function assertKey(kind: 'PartitionKey' | 'RowKey', key: string): void {
  if (key.length === 0) throw new ValidationError(`${kind} must not be empty`);
  if (key.length > MAX_KEY_CHARS) throw new ValidationError(`${kind} is longer than ${MAX_KEY_CHARS} characters`);
  if (DISALLOWED.test(key)) {
    throw new ValidationError(
      `${kind} contains a character Table storage refuses (/ \\ # ? or a control character); use keySafe()`,
    );
  }
}

// Its own line, so the directive stays next to the pattern whatever the formatter wraps.
// eslint-disable-next-line no-control-regex
const KEY_UNSAFE = /[%/\\#?\u0000-\u001f\u007f-\u009f]/g;

/**
 * Makes any string usable as a key, reversibly: percent-encodes `%` and the refused characters
 * and leaves everything else readable (a Teams conversation id `19:abc@thread.v2` stays as is).
 */
export function keySafe(raw: string): string {
  return raw.replace(KEY_UNSAFE, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
}

export function fromKeySafe(key: string): string {
  return key.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
