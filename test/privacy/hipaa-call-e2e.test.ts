// A HIPAA-mode dental practice on real calls, with an LLM configured: the caller's health details
// and emergency end up in no table, no notification, no log line and no LLM request. Declaring a
// BAA-covered LLM endpoint lets the LLM read the caller again.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import { and, eq } from 'drizzle-orm';
import { Scenario, runScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { notifications } from '../../src/db/schema.ts';
import { configureLog, flushLog } from '../../src/log.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai.ts';
import { whereIs } from './scan-db.ts';

/** Health details no template, phrase or setting contains: only the caller says them. */
const HEALTH = ['gums', 'bleeding', 'abscess', 'amoxicillin', 'warfarin', 'throbbing'];

const emergencyCall = Scenario.parse({
  name: 'hipaa-emergency',
  org: {
    template: 'dental',
    name: 'Bright Smiles Dental',
    settings: { flags: { emergencyHandling: true }, businessPhone: '+15125550100' },
  },
  now: '2026-11-23T10:00:00-06:00',
  callerPhone: '+15125550123',
  turns: ['this is an emergency, my gums are bleeding and there is an abscess, I take warfarin and amoxicillin'],
  expect: { outcome: 'escalated' },
});

const bookingCall = Scenario.parse({
  name: 'hipaa-urgent-booking',
  org: { template: 'dental', name: 'Bright Smiles Dental', settings: { smsConfirmation: true } },
  now: '2026-11-23T10:00:00-06:00',
  callerPhone: '+15125550124',
  turns: [
    'I have a throbbing pain and my gums are bleeding',
    'Mark Davis',
    'tomorrow at 8 am',
    "I've been there before",
    'March 4th 1985',
    'yes',
    'no',
  ],
  expect: {
    outcome: 'booked',
    booking: {
      customerName: 'Mark Davis',
      service: 'Emergency Visit',
      start: '2026-11-24T08:00:00-06:00',
      // Structured intake answers stay in the booking's row, like its name and phone.
      intake: { patientStatus: 'returning', dateOfBirth: '1985-03-04' },
    },
  },
});

let openai: FakeOpenAi;
let env: SimEnv | null = null;
const logged: string[] = [];

beforeAll(async () => {
  openai = await startFakeOpenAi();
});
afterAll(() => openai.close());
afterEach(async () => {
  await env?.close();
  env = null;
  configureLog({ level: 'error', sink: () => undefined });
});

async function start(): Promise<SimEnv> {
  logged.length = 0;
  configureLog({ level: 'debug', sink: (c) => logged.push(c) });
  // Every turn would go to the LLM (no local-first shortcut) if the org allowed it.
  env = await startSimEnv({
    quiet: false,
    env: {
      OPENAI_API_KEY: 'sk-fake',
      OPENAI_BASE_URL: openai.url,
      FEATURE_LOCAL_FIRST_NLU: 'false',
      FEATURE_SPECULATION: 'false',
    },
  });
  return env;
}

/** Waits (on the database, bounded) for a call's notifications to land; they are sent off the reply path. */
async function notificationsOf(e: SimEnv, callId: string, n: number) {
  const db = e.app.rt.db.db;
  for (let i = 0; i < 200; i++) {
    const rows = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.callId, callId)));
    if (rows.length >= n) return rows;
    await Bun.sleep(10);
  }
  throw new Error(`fewer than ${n} notifications for call ${callId}`);
}

const requestText = () => openai.requests.map((r) => JSON.stringify(r.body)).join('\n');

describe('HIPAA mode on real calls', () => {
  test('caller health details reach no table, notification, log line or LLM request', async () => {
    const e = await start();
    const before = openai.requests.length;
    const urgent = await runScenario(e, emergencyCall);
    const booked = await runScenario(e, bookingCall);
    const [alert] = await notificationsOf(e, urgent.callId!, 1);
    const confirmations = await notificationsOf(e, booked.callId!, 1);

    const client = e.app.rt.db.client;
    for (const word of HEALTH) expect({ word, where: await whereIs(client, word) }).toEqual({ word, where: [] });
    flushLog();
    const logText = logged.join('').toLowerCase();
    expect(logText.length).toBeGreaterThan(0);
    for (const word of HEALTH) expect({ word, logged: logText.includes(word) }).toEqual({ word, logged: false });
    // No request at all: understanding stayed on the server.
    expect(openai.requests.length).toBe(before);

    // The calls still worked, and the business still learns what happened and whom to call back.
    expect(urgent.reason).toBe('');
    expect(booked.reason).toBe('');
    expect(alert!.body).toBe('URGENT: call from +15125550123: caller reported an emergency. Please call back now.');
    expect(alert!.recipient).toBe('+15125550100');
    expect(confirmations.map((n) => n.body).join('\n')).toContain('your appointment is booked');
  }, 60_000);

  test('with a BAA-covered LLM declared, the LLM reads the caller', async () => {
    const e = await start();
    const before = openai.requests.length;
    const settings = { smsConfirmation: true, flags: { llmBaa: true } };
    const call = { ...bookingCall, org: { ...bookingCall.org, settings } };
    await runScenario(e, call);
    expect(openai.requests.length).toBeGreaterThan(before);
    expect(requestText()).toContain('bleeding');
    // Storage still follows HIPAA mode.
    for (const word of HEALTH) expect(await whereIs(e.app.rt.db.client, word)).toEqual([]);
  }, 60_000);
});
