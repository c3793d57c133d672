// An org that records calls gets a two-channel 8 kHz WAV per call: the caller on the left, the
// assistant on the right, on the caller's clock, with what the caller actually heard — the right
// channel stops where the barge-in's clear was sent. The greeting says the call is recorded; the
// API serves the file to the org (never to another org); the retention purge deletes it.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { prepareScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { placeCall } from '../../src/sim/twilio-caller.ts';
import { silence, speechAudio } from '../../src/sim/caller-audio.ts';
import { calls, type NewAuditEvent } from '../../src/db/schema.ts';
import { issueKey } from '../../src/api/keys.ts';
import { purgeExpired } from '../../src/privacy/retention.ts';
import { manualClock } from '../../src/clock.ts';
import { eventually } from '../helpers/eventually.ts';

const base = readScenario(join(import.meta.dir, '../scenarios/hvac-furnace-thursday.json'));
// The server's playout runs 10× real time; the caller below streams its audio at the same pace.
const TIME_SCALE = 10;
const ADMIN = 'admin-key-for-recording-tests-000000';

let env: SimEnv;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recordings-'));
  env = await startSimEnv({
    env: { PLAYOUT_TIME_SCALE: String(TIME_SCALE), RECORDINGS_DIR: dir, ADMIN_API_KEY: ADMIN },
  });
});
afterAll(async () => {
  await env.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Wav {
  channels: number;
  sampleRate: number;
  bits: number;
  left: Int16Array;
  right: Int16Array;
}

function readWav(bytes: Buffer): Wav {
  const channels = bytes.readUInt16LE(22);
  const sampleRate = bytes.readUInt32LE(24);
  const bits = bytes.readUInt16LE(34);
  const size = bytes.readUInt32LE(40);
  const frames = size / 4;
  const left = new Int16Array(frames);
  const right = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    left[i] = bytes.readInt16LE(44 + i * 4);
    right[i] = bytes.readInt16LE(46 + i * 4);
  }
  return { channels, sampleRate, bits, left, right };
}

const loudest = (s: Int16Array, fromMs: number, toMs: number) =>
  s.subarray(Math.max(0, fromMs * 8), toMs * 8).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** A caller line that streams audio without pause, like a carrier: speech when queued, else silence. */
function pacedCaller(send: (bytes: Uint8Array) => void) {
  const started = performance.now();
  let sent = 0;
  let queued = new Uint8Array(0);
  const quiet = silence(20);
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) * TIME_SCALE) / 20) * 160;
    while (sent < due) {
      if (queued.length > 0) {
        send(queued.subarray(0, 160));
        queued = queued.subarray(160);
      } else send(quiet);
      sent += 160;
    }
  }, 2);
  return {
    say(bytes: Uint8Array) {
      queued = new Uint8Array(Buffer.concat([queued, bytes]));
    },
    get sentMs() {
      return sent / 8;
    },
    stop: () => clearInterval(timer),
  };
}

test('a recorded call with a barge-in: two channels, cut where the clear was sent, served, purged', async () => {
  const scenario = { ...base, org: { ...base.org, settings: { recording: { enabled: true }, retentionDays: 30 } } };
  const { org, phone } = await prepareScenario(env, scenario);
  const { stream, answer } = await placeCall({
    serverUrl: env.serverUrl,
    to: phone,
    from: scenario.callerPhone,
    callSid: `CA${'e'.repeat(32)}`,
    timeScale: env.timeScale,
    extraForm: { SimulatedNow: scenario.now },
  });
  const callId = answer.parameters.callId!;
  env.deepgram.setScript(callId, scenario.turns as string[]);
  const caller = pacedCaller((b) => stream.sendAudio(b));
  // The caller talks over the greeting once two seconds of it have arrived.
  await eventually(() => stream.stats.bytesReceived >= 16_000);
  caller.say(speechAudio(scenario.turns[0] as string, 0));
  caller.say(silence(1300));
  const clearedAtMs = await eventually(() => (stream.stats.clears > 0 ? caller.sentMs : null));
  const receivedAtClear = stream.stats.bytesReceived;
  expect(await stream.waitForReplyEnd(15_000)).toBe('end');
  caller.stop();
  stream.stop();
  await eventually(() => env.app.rt.registry.liveCount === 0);
  await env.app.rt.writes.flush(3);

  const db = env.app.rt.db.db;
  const [call] = await db.select().from(calls).where(eq(calls.id, callId));
  expect(call!.transcript).toContain('This call may be recorded');
  const path = call!.recordingPath!;
  expect(path.startsWith(dir)).toBe(true);
  await eventually(() => existsSync(path) && readFileSync(path).readUInt32LE(40) > 0);
  const wav = readWav(readFileSync(path));
  expect([wav.channels, wav.sampleRate, wav.bits]).toEqual([2, 8000, 16]);
  // As long as the call: every ms of the caller's line is there, and nothing more.
  expect(wav.left.length / 8000).toBeCloseTo(call!.usage!.asrSeconds!, 3);
  // The greeting was playing when the clear went out: its last audio is just before the moment the
  // caller saw the clear (which trails the server's clear by the round trip, at most a second or two).
  let lastHeard = clearedAtMs * 8 - 1;
  while (lastHeard > 0 && wav.right[lastHeard] === 0) lastHeard--;
  expect(clearedAtMs - lastHeard / 8).toBeLessThan(2500);
  // …and the right channel is silent from the clear until after the caller has finished speaking,
  // although far more greeting had been sent than the caller heard.
  expect(loudest(wav.right, clearedAtMs, clearedAtMs + 2000)).toBe(0);
  const heardBeforeClear = wav.right.subarray(0, clearedAtMs * 8).filter((x) => x !== 0).length;
  expect(receivedAtClear).toBeGreaterThan(heardBeforeClear);
  // The caller is on the left while speaking over the greeting.
  expect(loudest(wav.left, clearedAtMs - 500, clearedAtMs + 500)).toBeGreaterThan(1000);

  // The org's key gets the file; another org's key does not; the admin key does.
  const own = await issueKey(db, org.id, 'dashboard', Date.now(), (k) => auditRow(org.id, k.id));
  const other = await prepareScenario(env, base);
  const theirs = await issueKey(db, other.org.id, 'dashboard', Date.now(), (k) => auditRow(other.org.id, k.id));
  const get = (key: string) =>
    fetch(new URL(`/api/calls/${callId}/recording`, env.serverUrl), { headers: { authorization: `Bearer ${key}` } });
  const mine = await get(own.key);
  expect(mine.status).toBe(200);
  expect(mine.headers.get('content-type')).toBe('audio/wav');
  expect(Buffer.from(await mine.arrayBuffer()).equals(readFileSync(path))).toBe(true);
  expect((await get(theirs.key)).status).toBe(404);
  expect((await get(ADMIN)).status).toBe(200);

  // Past the org's retention the purge deletes the file and forgets its path.
  const report = await purgeExpired(db, manualClock(call!.startedAt.getTime() + 31 * 86_400_000));
  expect(report.recordingsPurged).toBeGreaterThanOrEqual(1);
  expect(existsSync(path)).toBe(false);
  const [after] = await db.select().from(calls).where(eq(calls.id, callId));
  expect(after!.recordingPath).toBeNull();
  expect((await get(own.key)).status).toBe(404);
}, 60_000);

function auditRow(orgId: string, keyId: string): NewAuditEvent {
  return { orgId, actor: 'admin', action: 'key.create', newValue: { keyId } };
}
