// Crash safety on a real process: two calls are mid-conversation — one booking confirmed in the
// calendar, one waiting for a calendar that was down (pending_sync) — when the server is killed
// with SIGKILL. After a restart on the same database the open calls are `interrupted`, each booking
// exists exactly once, and the sync queue picks up where it stopped and writes the pending event.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer } from '../helpers/child-server.ts';
import { eq, inArray } from 'drizzle-orm';
import type { Subprocess } from 'bun';
import { openDb, type DbHandle } from '../../src/db/client.ts';
import { createOrganization } from '../../src/orgs/create-org.ts';
import { bookings, calls, syncQueue } from '../../src/db/schema.ts';
import { startFakeDeepgram, type FakeDeepgram } from '../../src/sim/deepgram.ts';
import { startFakeGoogleCalendar, type FakeGoogleCalendar } from '../fakes/google-calendar.ts';
import { WAIT_MS } from '../../src/sim/latency-profile.ts';
import { placeCall, randomSid, type TwilioMediaStream } from '../../src/sim/twilio-caller.ts';
import { silence, speechAudio } from '../../src/sim/caller-audio.ts';
import { eventually } from '../helpers/eventually.ts';

const CAL = 'frontdesk@polarair.example';
const TOKEN = 'ya29.polar-air';
const NOW = '2026-11-23T10:00:00-06:00';

let dir: string;
let deepgram: FakeDeepgram;
let google: FakeGoogleCalendar;
let handle: DbHandle;
const children: Subprocess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kill9-'));
  deepgram = await startFakeDeepgram();
  google = await startFakeGoogleCalendar({ accessTokens: [TOKEN], calendars: [CAL] });
  handle = await openDb({ url: `file:${join(dir, 'k.db')}` });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  handle.close();
  await deepgram.close();
  await google.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `bun src/main.ts` on the test database, its providers pointed at the fakes. */
async function startServer(): Promise<{ proc: Subprocess; url: string }> {
  const child = await startChildServer({
    DATABASE_URL: `file:${join(dir, 'k.db')}`,
    DEEPGRAM_API_KEY: 'simulated-caller',
    DEEPGRAM_URL: deepgram.url,
    GOOGLE_API_ROOT: google.url,
    GOOGLE_TOKEN_URL: google.tokenUrl,
    ALLOW_SIMULATED_CLOCK: 'true',
    PLAYOUT_TIME_SCALE: '1000',
    WS_MAX_MESSAGES_PER_SECOND: '1000000',
    // The restart is the same instance: it ends the calls its killed run left open.
    INSTANCE_ID: 'kill9',
  });
  children.push(child.proc);
  return child;
}

async function replyEnd(stream: TwilioMediaStream): Promise<void> {
  if ((await stream.waitForReplyEnd(WAIT_MS)) === 'timeout') throw new Error(`no reply within ${WAIT_MS} ms`);
}

/** A call that books and then stays on the line, still open. */
async function bookAndHold(url: string, phone: string, name: string, when: string, beforeConfirm?: () => void) {
  const lines = ['Hi, my furnace is banging, can someone come look at it?', name, when, '12 Oak Street', 'yes'];
  const callSid = randomSid('CA');
  const { stream, answer } = await placeCall({
    serverUrl: url,
    to: phone,
    callSid,
    timeScale: Number.POSITIVE_INFINITY,
    extraForm: { SimulatedNow: NOW },
  });
  deepgram.setScript(answer.parameters.callId!, lines);
  await replyEnd(stream);
  for (const [i, line] of lines.entries()) {
    if (line === 'yes') beforeConfirm?.();
    const before = stream.stats.bytesReceived;
    stream.sendAudio(speechAudio(line, i));
    stream.sendAudio(silence(1300));
    await replyEnd(stream);
    expect(stream.stats.bytesReceived).toBeGreaterThan(before);
  }
  return { callId: answer.parameters.callId!, stream };
}

test('kill -9 mid-call, restart: calls interrupted, bookings exactly once, the sync queue resumes', async () => {
  const db = handle.db;
  const settings = { googleCalendar: { calendarId: CAL, accessToken: TOKEN } };
  const a = await createOrganization(db, {
    template: 'hvac',
    name: 'Polar Air',
    phoneNumber: '+15555550101',
    timezone: 'America/Chicago',
    settings,
  });
  const b = await createOrganization(db, {
    template: 'hvac',
    name: 'Polar Air North',
    phoneNumber: '+15555550102',
    timezone: 'America/Chicago',
    settings,
  });
  expect(a.id).not.toBe(b.id);

  const first = await startServer();
  // Call 1 books with the calendar up.
  const one = await bookAndHold(first.url, '+15555550101', 'Maria Gonzalez', 'Thursday at 1 pm');
  // Call 2: the calendar goes down between the check and the booking.
  const two = await bookAndHold(first.url, '+15555550102', 'Ann Baker', 'Friday at 1 pm', () =>
    google.control.setFault('http5xx', { status: 503 }),
  );

  const rows = async () =>
    db
      .select()
      .from(bookings)
      .where(inArray(bookings.callId, [one.callId, two.callId]));
  const stored = await rows();
  expect(stored.map((r) => [r.customerName, r.status]).sort()).toEqual([
    ['Ann Baker', 'pending_sync'],
    ['Maria Gonzalez', 'confirmed'],
  ]);
  const [open] = await db.select().from(calls).where(eq(calls.id, one.callId));
  expect(open!.endedAt).toBeNull();

  first.proc.kill('SIGKILL');
  expect(await first.proc.exited).not.toBe(0);
  google.control.clearFault('http5xx');

  const second = await startServer();
  const health = await fetch(`${second.url}/healthz`);
  expect(health.status).toBe(200);
  const both = await db
    .select()
    .from(calls)
    .where(inArray(calls.id, [one.callId, two.callId]));
  expect(both.map((c) => c.status)).toEqual(['interrupted', 'interrupted']);
  for (const c of both) expect(c.endedAt).not.toBeNull();

  // The restarted sync loop writes the pending booking.
  await eventually(async () => (await rows()).find((r) => r.customerName === 'Ann Baker')?.status === 'confirmed', 50);
  expect((await rows()).find((r) => r.customerName === 'Ann Baker')!.status).toBe('confirmed');
  const after = await rows();
  expect(after.length).toBe(2);
  expect(after.every((r) => r.status === 'confirmed' && r.externalEventId)).toBe(true);
  const events = google.events(CAL).filter((e) => e.status !== 'cancelled');
  expect(events.map((e) => e.summary).sort()).toEqual([
    'Heating Repair – Ann Baker',
    'Heating Repair – Maria Gonzalez',
  ]);
  expect(new Set(events.map((e) => e.id))).toEqual(new Set(after.map((r) => r.externalEventId!)));
  const jobs = await db
    .select()
    .from(syncQueue)
    .where(
      inArray(
        syncQueue.bookingId,
        after.map((r) => r.id),
      ),
    );
  expect(jobs.length).toBe(1);
  expect(jobs[0]!.doneAt).not.toBeNull();

  one.stream.close();
  two.stream.close();
  second.proc.kill('SIGTERM');
  await second.proc.exited;
}, 60_000);
