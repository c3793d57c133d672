// Headers on every API answer, errors included: responses carry org data and keys, so no cache
// (browser or proxy) may keep them, and a browser must never sniff JSON into something runnable.
import type { MiddlewareHandler } from 'hono';

export const API_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

export function apiResponseHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(API_RESPONSE_HEADERS)) c.res.headers.set(name, value);
  };
}
