// Polly fails — 500s on every request, or a request that never starts before the first-byte
// deadline — and every sentence is still spoken, by the embedded engine: the caller hears exactly
// the audio an embedded-only call of the same conversation produces, nothing skipped.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { runScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { startFakePolly, type FakePolly } from '../fakes/polly.ts';
import { bookings } from '../../src/db/schema.ts';

const scenario = readScenario(join(import.meta.dir, '../scenarios/hvac-furnace-thursday.json'));
const CREDS = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

let polly: FakePolly;
/** Audio per reply of the same call spoken by the embedded engine alone. */
let embeddedOnly: number[];
let embeddedTurns: string[];

async function withEnv(extra: Record<string, string>, fn: (env: SimEnv) => Promise<void>): Promise<void> {
  // Every sentence goes to the TTS (no phrase cache), so every one of them meets the fault.
  const env = await startSimEnv({ env: { FEATURE_PHRASE_CACHE: 'false', ...extra } });
  try {
    await fn(env);
  } finally {
    await env.close();
  }
}

beforeAll(async () => {
  // The AWS SDK reads credentials from the environment, as in production.
  Object.assign(process.env, CREDS);
  polly = await startFakePolly({
    credentials: { accessKeyId: CREDS.AWS_ACCESS_KEY_ID, secretAccessKey: CREDS.AWS_SECRET_ACCESS_KEY },
  });
  await withEnv({ TTS_PROVIDER: 'embedded' }, async (env) => {
    const r = await runScenario(env, scenario);
    if (!r.pass) throw new Error(r.reason);
    embeddedOnly = r.replyAudioBytes!;
    embeddedTurns = r.turns.map((t) => t.assistant);
  });
}, 60_000);
afterAll(() => polly.close());

const pollyEnv = {
  TTS_PROVIDER: 'polly',
  AWS_REGION: 'us-east-1',
  POLLY_ENDPOINT: '',
  TTS_FIRST_BYTE_TIMEOUT_MS: '100',
};

async function callThroughFault(): Promise<void> {
  const seen = polly.requests.length;
  await withEnv({ ...pollyEnv, POLLY_ENDPOINT: polly.url }, async (env) => {
    const r = await runScenario(env, scenario);
    if (!r.pass) throw new Error(`${r.reason}\n${JSON.stringify(r.turns, null, 2)}`);
    // Polly was asked for the sentences…
    expect(polly.requests.length).toBeGreaterThan(seen);
    // …and the caller heard every sentence anyway, from the embedded engine.
    expect(r.turns.map((t) => t.assistant)).toEqual(embeddedTurns);
    expect(r.replyAudioBytes).toEqual(embeddedOnly);
    for (const n of r.replyAudioBytes!) expect(n).toBeGreaterThan(0);
    const rows = await env.app.rt.db.db.select().from(bookings).where(eq(bookings.callId, r.callId!));
    expect(rows.length).toBe(1);
  });
}

test('Polly answering 500 to everything: the embedded engine speaks every sentence', async () => {
  polly.control.setFault('http5xx');
  try {
    await callThroughFault();
    expect(polly.requests.filter((q) => q.status === 500).length).toBeGreaterThan(0);
  } finally {
    polly.control.clearFault('http5xx');
  }
}, 60_000);

test('Polly not answering before the first-byte deadline: the embedded engine speaks every sentence', async () => {
  polly.hang(true);
  try {
    await callThroughFault();
    expect(polly.requests.some((q) => q.aborted)).toBe(true);
  } finally {
    polly.hang(false);
  }
}, 60_000);
