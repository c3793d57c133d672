// Keyset pagination over (time desc, id desc): stable under inserts, each row seen exactly once.
import { and, eq, lt, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { ApiError } from './errors.ts';

export interface Cursor {
  at: number;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

/** The largest |epoch ms| a Date can hold; beyond it the query would bind an invalid time. */
const MAX_DATE_MS = 8.64e15;

export function decodeCursor(s: string): Cursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    const ok = Array.isArray(v) && v.length === 2 && isCursorTime(v[0]) && typeof v[1] === 'string';
    if (ok) return { at: v[0] as number, id: v[1] as string };
  } catch {
    // fall through
  }
  throw invalidCursor();
}

export const invalidCursor = () =>
  new ApiError(400, 'validation_failed', 'cursor is invalid', [
    { path: 'cursor', code: 'invalid', message: 'not a cursor from this API' },
  ]);

function isCursorTime(v: unknown): v is number {
  return Number.isSafeInteger(v) && Math.abs(v as number) <= MAX_DATE_MS;
}

/** Rows strictly after the cursor in (time desc, id desc) order. */
export function afterCursor(time: SQLiteColumn, id: SQLiteColumn, c: Cursor): SQL {
  const at = new Date(c.at);
  return or(lt(time, at), and(eq(time, at), lt(id, c.id)))!;
}

export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
};

/** Splits a limit+1 fetch into the page and the next cursor. */
export function page<T>(rows: T[], limit: number, key: (row: T) => Cursor): { data: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, nextCursor: more && last ? encodeCursor(key(last)) : null };
}
