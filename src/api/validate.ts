// Request validation with zod: bodies and query strings, failing as 400 with the issues listed.
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors.ts';

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError(400, 'invalid_json', 'request body must be a JSON object');
  }
  return schema.parse(raw);
}

export function query<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return schema.parse(c.req.query());
}
