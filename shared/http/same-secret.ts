/**
 * Compares a secret someone presented with the expected one in constant time: both are hashed to
 * the same length first, so neither the length nor the content leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function sameSecret(expected: string, given: string): boolean {
  return timingSafeEqual(digest(expected), digest(given));
}
