// Time filters in query strings: ISO 8601 or epoch milliseconds.
import { z } from 'zod';

export const Instant = z.string().transform((s, ctx) => {
  const ms = /^\d{1,15}$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time or epoch milliseconds' });
    return z.NEVER;
  }
  return ms;
});

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
