// Rows for API, KPI and privacy tests, written straight to a real in-memory database.
import { randomUUID } from 'node:crypto';
import { openDb, type DbHandle } from '../../src/db/client.ts';
import {
  bookings,
  calls,
  callTurns,
  notifications,
  organizations,
  type BookingStatus,
  type CallStatus,
  type Vertical,
} from '../../src/db/schema.ts';
import type { Db } from '../../src/db/client.ts';
import { WriteQueue } from '../../src/db/write-queue.ts';
import { createLogger } from '../../src/log.ts';

export async function memoryDb(): Promise<DbHandle> {
  return openDb({ url: ':memory:' });
}

let phoneSeq = 100;

export async function seedOrg(
  db: Db,
  o: { id?: string; vertical?: Vertical; name?: string; phone?: string; settings?: Record<string, unknown> } = {},
): Promise<string> {
  const id = o.id ?? randomUUID();
  await db.insert(organizations).values({
    id,
    name: o.name ?? `Org ${id.slice(0, 4)}`,
    phoneNumber: o.phone ?? `+1512555${String(phoneSeq++).padStart(4, '0')}`,
    timezone: 'America/Chicago',
    vertical: o.vertical ?? 'hvac',
    settings: o.settings ?? {},
  });
  return id;
}

export interface SeedTurn {
  callerText?: string | null;
  assistantText?: string | null;
  latencyMs?: number | null;
  latency?: Record<string, number | boolean | string | null>;
}

export async function seedCall(
  db: Db,
  c: {
    id?: string;
    orgId: string;
    startedAt: number;
    status?: CallStatus;
    transcript?: string | null;
    bookingCreated?: boolean;
    cost?: number | null;
    durationSeconds?: number;
    callerPhone?: string;
    turns?: SeedTurn[];
  },
): Promise<string> {
  const id = c.id ?? randomUUID();
  await db.insert(calls).values({
    id,
    orgId: c.orgId,
    carrierCallId: `CA${randomUUID().replaceAll('-', '')}`,
    callerPhone: c.callerPhone ?? '+15125550199',
    status: c.status ?? 'completed',
    startedAt: new Date(c.startedAt),
    endedAt: new Date(c.startedAt + (c.durationSeconds ?? 60) * 1000),
    durationSeconds: c.durationSeconds ?? 60,
    transcript: c.transcript === undefined ? 'Caller: hi\nAssistant: hello' : c.transcript,
    bookingCreated: c.bookingCreated ?? false,
    cost: c.cost === undefined ? 0.05 : c.cost,
  });
  let index = 0;
  for (const t of c.turns ?? []) {
    await db.insert(callTurns).values({
      callId: id,
      index: index++,
      callerText: t.callerText === undefined ? 'I need a repair' : t.callerText,
      assistantText: t.assistantText === undefined ? 'Sure, when works?' : t.assistantText,
      latencyMs: t.latencyMs === undefined ? 700 : t.latencyMs,
      latency: t.latency ?? null,
      startedAt: new Date(c.startedAt + index * 5000),
    });
  }
  return id;
}

export async function seedBooking(
  db: Db,
  b: {
    id?: string;
    orgId: string;
    callId?: string | null;
    appointmentTime: number;
    status?: BookingStatus;
    customerName?: string;
    createdAt?: number;
  },
): Promise<string> {
  const id = b.id ?? randomUUID();
  await db.insert(bookings).values({
    id,
    orgId: b.orgId,
    callId: b.callId ?? null,
    customerName: b.customerName ?? 'Pat Doe',
    customerPhone: '+15125550199',
    serviceType: 'AC repair',
    appointmentTime: new Date(b.appointmentTime),
    durationMinutes: 60,
    status: b.status ?? 'confirmed',
    details: { note: 'gate code 1234' },
    ...(b.createdAt !== undefined ? { createdAt: new Date(b.createdAt) } : {}),
  });
  return id;
}

export async function seedNotification(
  db: Db,
  n: { orgId: string; createdAt: number; body?: string },
): Promise<string> {
  const id = randomUUID();
  await db.insert(notifications).values({
    id,
    orgId: n.orgId,
    channel: 'outbox',
    recipient: '+15125550100',
    body: n.body ?? 'New booking',
    status: 'stored',
    createdAt: new Date(n.createdAt),
  });
  return id;
}

/** A fresh in-memory database with one business and one call, and a write queue on it. */
export async function callFixture(
  call: Omit<Parameters<typeof seedCall>[1], 'orgId' | 'startedAt'> = {},
): Promise<{ handle: DbHandle; writes: WriteQueue; callId: string }> {
  const handle = await memoryDb();
  const writes = new WriteQueue(handle.db, { log: createLogger() });
  const orgId = await seedOrg(handle.db);
  const callId = await seedCall(handle.db, { orgId, startedAt: Date.now(), ...call });
  return { handle, writes, callId };
}
