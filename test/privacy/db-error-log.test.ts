// Database errors in logs: drizzle and libSQL put the SQL and its bound parameters (names, phone
// numbers) in the error message. A log line keeps the error's class, code and stack frames only.
import { afterEach, describe, expect, test } from 'bun:test';
import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { manualClock } from '../../src/clock.ts';
import type { DbHandle } from '../../src/db/client.ts';
import { bookings } from '../../src/db/schema.ts';
import { configureLog, createLogger, flushLog, type LoggedError } from '../../src/log.ts';
import { createConversation } from '../../src/dialogue/conversation.ts';
import { createLocalNlu } from '../../src/nlu/local.ts';
import { createLocalCalendar } from '../../src/providers/calendar/local.ts';
import { createOutboxNotify } from '../../src/providers/notify/outbox.ts';
import { resolveSettings } from '../../src/templates/index.ts';
import { errorHandler } from '../../src/api/errors.ts';
import { memoryDb, seedOrg } from '../api/seed.ts';

const NAME = 'Jane Roe';
const PHONE = '+15125550123';
const lines: string[] = [];
let h: DbHandle | null = null;

function captureLog(): void {
  lines.length = 0;
  configureLog({ level: 'debug', sink: (c) => lines.push(...c.split('\n').filter(Boolean)) });
}

afterEach(() => {
  configureLog({ level: 'info', sink: () => undefined });
  h?.close();
  h = null;
});

const logged = (msg: string) => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === msg);

describe('database errors in logs', () => {
  test('a failed booking insert logs the error class and SQLite code, not the name or phone', async () => {
    h = await memoryDb();
    const db = h.db;
    const orgId = await seedOrg(db, { vertical: 'hvac' });
    captureLog();
    const log = createLogger({ orgId });
    const hvac = resolveSettings('hvac', { intake: [] });
    const conversation = createConversation({
      db,
      org: { id: orgId, name: 'Polar Air', timezone: 'America/Chicago', vertical: 'hvac', settings: hvac },
      // No such call row: the booking's foreign key fails inside SQLite.
      callId: randomUUID(),
      callerPhone: PHONE,
      clock: manualClock(Date.parse('2026-11-23T08:00:00-06:00')),
      nlu: createLocalNlu(),
      calendar: createLocalCalendar(db),
      notify: createOutboxNotify(db, { log }),
      log,
    });
    const drain = async (it: AsyncIterable<unknown>) => {
      for await (const _ of it) void _;
    };
    await drain(conversation.begin());
    for (const said of ['I need an AC repair tomorrow at 9 am', `My name is ${NAME}`, 'yes']) {
      await drain(conversation.handleUtterance(said));
      if (logged('booking insert failed').length > 0) break;
    }
    await conversation.idle();
    flushLog();
    expect(await db.select().from(bookings)).toEqual([]);
    const [line] = logged('booking insert failed');
    expect(line).toBeDefined();
    const text = lines.join('\n');
    expect(text).not.toContain(NAME);
    expect(text).not.toContain('5550123');
    expect(text).not.toContain('insert into');
    const error = line!.error as LoggedError;
    expect(error.cause?.code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(error.stack?.length).toBeGreaterThan(0);
  });

  test('an API request failing on the database logs no SQL values', async () => {
    h = await memoryDb();
    const db = h.db;
    captureLog();
    const app = new Hono();
    app.onError(errorHandler(createLogger()));
    app.post('/bookings', async (c) => {
      // A booking for an organization that does not exist: a real foreign-key failure.
      await db.insert(bookings).values({
        id: randomUUID(),
        orgId: 'no-such-org',
        customerName: NAME,
        customerPhone: PHONE,
        serviceType: 'AC repair',
        appointmentTime: new Date(),
        durationMinutes: 60,
        status: 'confirmed',
      });
      return c.json({ ok: true });
    });
    const res = await app.request('/bookings', { method: 'POST' });
    expect(res.status).toBe(500);
    flushLog();
    const [line] = logged('api request failed');
    const text = lines.join('\n');
    expect(text).not.toContain(NAME);
    expect(text).not.toContain('5550123');
    const error = line!.error as LoggedError;
    expect(error.name).toBe('DrizzleQueryError');
    expect(error.cause).toMatchObject({ name: 'LibsqlError', code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
  });
});
