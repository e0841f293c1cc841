/** The JSON body of an HTTP request (every HTTP trigger), or ValidationError for a malformed or oversized one. */
import { ValidationError } from '../errors.js';

const MAX_BODY_CHARS = 1_000_000;

export async function readJson(request: { text(): Promise<string> }): Promise<unknown> {
  const text = await request.text();
  if (text.length > MAX_BODY_CHARS) throw new ValidationError('Body is too large');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('Body is not valid JSON');
  }
}
