// Constant-time comparison of secrets (API keys, bearer tokens) of any length: both sides are
// hashed first, so neither the content nor the length leaks through timing.
import { createHash, timingSafeEqual } from 'node:crypto';

export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}
