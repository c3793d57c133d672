// Zod parsers for environment strings, shared by the core schema (config.ts) and provider entries.
import { z } from 'zod';

export const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
export const optStr = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
export const num = (def: number) => z.coerce.number().finite().nonnegative().default(def);
export const price = optStr.refine(
  (v) => v === undefined || (Number.isFinite(Number(v)) && Number(v) >= 0),
  'must be a non-negative number',
);
