// Soak: many short booking calls back to back through the real server, with provider faults
// injected at random, then an audit from the database: every call finalized, every booking the
// caller was told about stored exactly once (and, once the calendar is back, in the calendar
// exactly once), and memory back near where it started.
//
//   bun run bench:soak [--calls N] [--warmup N] [--concurrency C] [--seed S] [--settle S] [--llm] [--json FILE]
//
// C callers (default 4) each place their calls back to back, so the server always has a few calls
// in flight, as a real line would.
//
// Faults, each drawn per call: the Deepgram socket dropped mid-utterance, Google Calendar failing
// at the booking write or at the availability check, a doubted (low-confidence) transcript, and
// with --llm an OpenAI fake answering 5xx, malformed tool calls or nothing at all.
// Memory is read at the baseline (after --warmup calls) and at the end alike: after --settle
// seconds idle (default 15), the lowest of once-a-second readings, each after a full collection.
// SOAK_DEBUG=1 prints each call's time and why a call did not book.
import { writeFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { startSimEnv } from '../src/sim/sim-env.ts';
import { Scenario, runScenario } from '../src/sim/scenario.ts';
import { startFakeGoogleCalendar } from '../test/fakes/google-calendar.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../test/fakes/openai.ts';
import { bookings, callTurns, calls } from '../src/db/schema.ts';
import { createCalendarSync } from '../src/booking/calendar-sync.ts';
import { createLogger } from '../src/log.ts';

interface Args {
  calls: number;
  warmup: number;
  concurrency: number;
  seed: number;
  llm: boolean;
  json: string | null;
  /** Idle time before each memory reading. */
  settleMs: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { calls: 200, warmup: 500, concurrency: 4, seed: 7, llm: false, json: null, settleMs: 15_000 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--llm') {
      a.llm = true;
      continue;
    }
    if (v === undefined) throw new Error(`${k} needs a value`);
    i++;
    if (k === '--calls') a.calls = Math.max(1, Number.parseInt(v, 10) || a.calls);
    else if (k === '--warmup') a.warmup = Math.max(0, Number.parseInt(v, 10) || 0);
    else if (k === '--concurrency') a.concurrency = Math.max(1, Number.parseInt(v, 10) || a.concurrency);
    else if (k === '--seed') a.seed = Number.parseInt(v, 10) || a.seed;
    else if (k === '--json') a.json = v;
    else if (k === '--settle') a.settleMs = Math.max(0, Number.parseFloat(v) || 0) * 1000;
    else
      throw new Error(
        `unknown argument ${k}; usage: bun run bench:soak [--calls N] [--warmup N] [--concurrency C] [--seed S] [--settle S] [--llm] [--json FILE]`,
      );
  }
  return a;
}

/** Small deterministic PRNG (mulberry32) so a run can be repeated. */
function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'Maria Gonzalez',
  'Ann Baker',
  'Tom Reed',
  'Luis Ortega',
  'Grace Kim',
  'Sam Patel',
  'Nora Quinn',
  'Ben Carter',
];
const PROBLEMS = ['Hi, my furnace is banging, can someone come look at it?', 'I need an AC repair'];
const DAYS = ['tomorrow', 'Wednesday', 'Thursday', 'Friday'];
const HOURS = ['9 am', '10 am', '11 am', '1 pm', '2 pm'];
const ADDRESSES = ['12 Oak Street', '4410 North Lamar Boulevard', '87 Elm Avenue', '1500 Main Street'];
/** What the caller hears when a booking was made (confirmed, or kept for the calendar to catch up). */
const TOLD_BOOKED = [/you’re all set/i, /i’ve got your appointment down/i];

const TOKEN = 'ya29.soak';
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Where the process's memory stands: RSS, the JS heap, and buffers held outside it. */
function memoryLine(): string {
  const m = process.memoryUsage();
  return `rss ${mb(m.rss)} MB (heap ${mb(m.heapUsed)}/${mb(m.heapTotal)}, external ${mb(m.external)}, array buffers ${mb(m.arrayBuffers)})`;
}

/**
 * Resident memory once the process has been idle for `settleMs`: the lowest of once-a-second
 * readings, each after a full collection. Freed pages go back to the system some seconds after a
 * collection, so a reading taken at once counts memory the process no longer holds.
 */
async function settledRss(settleMs: number): Promise<{ now: number; settled: number }> {
  Bun.gc(true);
  const now = process.memoryUsage().rss;
  let settled = now;
  for (let waited = 0; waited < settleMs; waited += 1000) {
    await Bun.sleep(1000);
    Bun.gc(true);
    settled = Math.min(settled, process.memoryUsage().rss);
  }
  return { now, settled };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rand = rng(args.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

  const google = await startFakeGoogleCalendar({ accessTokens: [TOKEN], keepRequests: false });
  const openai: FakeOpenAi | null = args.llm ? await startFakeOpenAi() : null;
  const env = await startSimEnv({
    env: {
      GOOGLE_API_ROOT: google.url,
      GOOGLE_TOKEN_URL: google.tokenUrl,
      ...(openai ? { OPENAI_API_KEY: 'sk-soak', OPENAI_BASE_URL: openai.url, LLM_FIRST_TOKEN_TIMEOUT_MS: '200' } : {}),
    },
  });
  const db = env.app.rt.db.db;
  const faults: Record<string, number> = {};
  const count = (name: string) => (faults[name] = (faults[name] ?? 0) + 1);
  const callIds: string[] = [];
  const calendarOf = new Map<string, string>();
  let failedScenarios = 0;
  /** Calls that did not book though nothing was broken for them: the script or the product is wrong. */
  let failedWithoutFault = 0;

  const oneCall = async (i: number): Promise<void> => {
    const calendarId = `soak-${args.seed}-${i}@calendar.example`;
    // A calendar of its own per business, so calls never compete for a slot.
    google.addEvent(calendarId, {
      start: new Date('2020-01-01T00:00:00Z'),
      end: new Date('2020-01-01T01:00:00Z'),
      summary: 'opened',
    });
    let faulted = false;
    const fault = (name: string) => {
      faulted = true;
      count(name);
    };
    const turns: Scenario['turns'] = [
      pick(PROBLEMS),
      pick(NAMES),
      `${pick(DAYS)} at ${pick(HOURS)}`,
      // The HVAC template asks where the technician should come.
      pick(ADDRESSES),
      'yes',
      "no that's all",
    ];
    if (rand() < 0.1) {
      fault('asrLowConfidence');
      turns.splice(1 + Math.floor(rand() * 3), 0, { text: 'uh the the', confidence: 0.2 });
    }
    const scenario = Scenario.parse({
      name: `soak-${i}`,
      org: {
        template: 'hvac',
        name: 'Soak Heating',
        timezone: 'America/Chicago',
        settings: { googleCalendar: { calendarId, accessToken: TOKEN } },
      },
      now: '2026-11-23T10:00:00-06:00',
      turns,
      expect: { outcome: 'booked' },
    });

    if (rand() < 0.3) {
      fault('asrDrop');
      env.deepgram.control.setFault('dropMidStream', { times: 1, dropAfter: 160 * (5 + Math.floor(rand() * 100)) });
    }
    const calendarFault = rand();
    let unwatch: (() => void) | null = null;
    if (calendarFault < 0.15) {
      // Down between the availability check and the booking write.
      fault('calendarWriteFailure');
      unwatch = google.onRequest((r) => {
        if (!r.path.endsWith('/freeBusy')) return;
        google.control.setFault('http5xx', { status: 503 });
        unwatch?.();
      });
    } else if (calendarFault < 0.2) {
      fault('calendarDown');
      google.control.setFault('http5xx', { status: 503 });
    }
    if (openai && rand() < 0.3) {
      const mode = pick(['http5xx', 'stall', 'malformed'] as const);
      fault(`llm_${mode}`);
      if (mode === 'malformed') openai.setMalformedToolArgs(true);
      else openai.control.setFault(mode, mode === 'http5xx' ? { status: 500 } : {});
    }

    try {
      const started = performance.now();
      const r = await runScenario(env, scenario);
      if (process.env.SOAK_DEBUG) console.error(`call ${i}: ${Math.round(performance.now() - started)} ms`);
      if (r.callId && i >= 0) {
        callIds.push(r.callId);
        calendarOf.set(r.callId, calendarId);
      }
      if (!r.pass && i >= 0) {
        failedScenarios++;
        if (!faulted) failedWithoutFault++;
        if (process.env.SOAK_DEBUG)
          console.error(r.reason, JSON.stringify(r.turns.map((t) => [t.caller, t.assistant, t.latencyMs])));
      }
    } finally {
      unwatch?.();
      // The fakes keep only what the audit reads (calendar events): the memory figures are the server's.
      env.deepgram.forgetClosed();
      env.deepgram.control.clearFault();
      google.control.clearFault();
      openai?.control.clearFault();
      openai?.setMalformedToolArgs(false);
    }
  };

  let next = 0;
  let done = 0;
  const caller = async (until: number, label: (i: number) => number) => {
    while (next < until) {
      await oneCall(label(next++));
      if (++done % 100 === 0)
        console.error(
          `  ${done}/${args.calls} calls, ${Math.round((performance.now() - t0) / 1000)} s, ${memoryLine()}`,
        );
    }
  };
  // Warm-up at full concurrency before the baseline: engine workers, JIT, socket buffers, and the
  // server's bounded per-business caches (every soak call is a new business; the largest, the
  // Google client cache, holds 500), so their filling is not counted as growth.
  let t0 = performance.now();
  const warmup = args.warmup;
  await Promise.all(Array.from({ length: args.concurrency }, () => caller(warmup, (i) => -1 - i)));
  for (const k of Object.keys(faults)) delete faults[k];
  await env.app.rt.writes.flush(3);
  const rssStart = await settledRss(args.settleMs);
  const heapAt = async () => (await import('bun:jsc')).heapStats();
  const heapStart = await heapAt();
  const phraseStart = env.app.rt.phraseCache.memoryBytes;
  t0 = performance.now();
  next = 0;
  done = 0;
  await Promise.all(Array.from({ length: args.concurrency }, () => caller(args.calls, (i) => i)));
  // Memory once the calls are over (before the audit below, which is the benchmark's own work).
  await env.app.rt.writes.flush(3);
  const rssEnd = await settledRss(args.settleMs);
  const heapEnd = await heapAt();
  const phraseEnd = env.app.rt.phraseCache.memoryBytes;
  const measured = new Set(callIds);

  // The calendar is back: let the sync queue drain, as the running server would over time (a
  // clock a day ahead makes every backoff due).
  await env.app.rt.writes.flush(3);
  await env.app.rt.calendarSync?.stop();
  const sync = createCalendarSync({
    db,
    calendarFor: env.app.rt.providers.calendarFor,
    notify: env.app.rt.providers.notify,
    clock: { now: () => Date.now() + 86_400_000 },
    log: createLogger({ component: 'soak' }),
  });
  for (let i = 0; i < 5; i++) if ((await sync.runOnce()).failed === 0) break;

  // Audit from the database.
  let callsFinalized = 0;
  let bookingsConfirmed = 0;
  let bookingsStored = 0;
  let bookingsLost = 0;
  let bookingsDuplicated = 0;
  let notInCalendar = 0;
  for (const id of measured) {
    const [call] = await db.select().from(calls).where(eq(calls.id, id));
    if (call?.endedAt) callsFinalized++;
    const said = (await db.select({ t: callTurns.assistantText }).from(callTurns).where(eq(callTurns.callId, id)))
      .map((r) => r.t ?? '')
      .join(' ');
    const told = TOLD_BOOKED.some((re) => re.test(said));
    const rows = (await db.select().from(bookings).where(eq(bookings.callId, id))).filter(
      (b) => b.status !== 'cancelled',
    );
    bookingsStored += rows.length;
    if (told) bookingsConfirmed++;
    if (told && rows.length === 0) bookingsLost++;
    if (rows.length > 1) bookingsDuplicated += rows.length - 1;
    // In the calendar: exactly one event per booking.
    const events = google.events(calendarOf.get(id)!).filter((e) => e.status !== 'cancelled' && e.summary !== 'opened');
    if (events.length > rows.length) bookingsDuplicated += events.length - rows.length;
    for (const b of rows)
      if (b.status !== 'confirmed' || !events.some((e) => e.id === b.externalEventId)) notInCalendar++;
  }
  if (process.env.SOAK_DEBUG) {
    const grew = Object.entries(heapEnd.objectTypeCounts)
      .map(([k, n]) => [k, n - (heapStart.objectTypeCounts[k] ?? 0)] as const)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 25);
    console.error(
      `heap ${mb(heapStart.heapSize)} → ${mb(heapEnd.heapSize)} MB; objects grown: ${JSON.stringify(grew)}`,
    );
  }
  const faultsInjected = Object.values(faults).reduce((a, b) => a + b, 0);
  const result = {
    calls: measured.size,
    faultsInjected,
    callsFinalized,
    bookingsConfirmed,
    bookingsStored,
    bookingsLost,
    bookingsDuplicated,
    rssStartMB: mb(rssStart.settled),
    rssEndMB: mb(rssEnd.settled),
    // The same, read right after the collection, before freed pages went back.
    rssStartUnsettledMB: mb(rssStart.now),
    rssEndUnsettledMB: mb(rssEnd.now),
    settleSeconds: args.settleMs / 1000,
    rssGrowthPct: Math.round((rssEnd.settled / rssStart.settled - 1) * 1000) / 10,
    // What the RSS figure is made of: the JS heap, and the phrase cache's audio (bounded by
    // PHRASE_CACHE_MAX_MB; every soak call is a new business with phrases of its own).
    heapStartMB: mb(heapStart.heapSize),
    heapEndMB: mb(heapEnd.heapSize),
    phraseCacheStartMB: mb(phraseStart),
    phraseCacheEndMB: mb(phraseEnd),
  };
  console.log(JSON.stringify(result));
  console.error(
    `faults by kind: ${JSON.stringify(faults)}; calls that did not book: ${failedScenarios} (with no fault injected: ${failedWithoutFault}); bookings not yet in the calendar after the drain: ${notInCalendar}; ${Math.round((performance.now() - t0) / 1000)} s`,
  );
  if (args.json) writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);

  await env.close();
  await google.close();
  await openai?.close();
  const ok =
    result.callsFinalized === result.calls &&
    result.bookingsLost === 0 &&
    result.bookingsDuplicated === 0 &&
    failedWithoutFault === 0 &&
    notInCalendar === 0;
  process.exit(ok ? 0 : 1);
}

await main();
