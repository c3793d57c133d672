// Messages callers leave: written through the write queue during the call (never awaited on the
// call's path), listed and marked handled through the API.
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from './client.ts';
import type { WriteQueue } from './write-queue.ts';
import { messages, type Message } from './schema.ts';

export interface NewMessageInput {
  id: string;
  orgId: string;
  callId: string | null;
  callerName: string;
  callbackPhone: string | null;
  body: string | null;
  createdAt: number;
}

export function queueMessage(q: WriteQueue, m: NewMessageInput): void {
  q.enqueue('message.insert', (db) => insertMessage(db, m));
}

export async function insertMessage(db: Pick<Db, 'insert'>, m: NewMessageInput): Promise<void> {
  await db
    .insert(messages)
    .values({ ...m, createdAt: new Date(m.createdAt) })
    .onConflictDoNothing();
}

/** An org's messages, newest first; `before` pages on the creation time. */
export async function listMessages(
  db: Db,
  orgId: string,
  opts: { limit: number; before?: Date; unhandledOnly?: boolean },
): Promise<Message[]> {
  const where = [eq(messages.orgId, orgId)];
  if (opts.before) where.push(lt(messages.createdAt, opts.before));
  const rows = await db
    .select()
    .from(messages)
    .where(and(...where))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(opts.limit);
  return opts.unhandledOnly ? rows.filter((m) => m.handledAt === null) : rows;
}

/** Marks one of the org's messages handled (idempotent); null when the org has no such message. */
export async function markMessageHandled(db: Db, orgId: string, id: string, at: Date): Promise<Message | null> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.orgId, orgId), eq(messages.id, id)));
  if (!row) return null;
  if (row.handledAt) return row;
  await db.update(messages).set({ handledAt: at }).where(eq(messages.id, id));
  return { ...row, handledAt: at };
}
