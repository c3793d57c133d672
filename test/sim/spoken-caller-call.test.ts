// A call placed through the server's webhook and media stream with the caller's lines spoken by
// the embedded engine: the server hears one utterance per line and books; the recording holds
// the caller's speech as well as the receptionist's.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { bookings } from '../../src/db/schema.ts';
import { createOrganization } from '../../src/orgs/create-org.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { dialServer, feedOf } from '../../src/sim/remote-call.ts';
import { callerSpeech } from '../../src/sim/spoken-caller.ts';
import { mulawToPcm } from '../../src/audio/mulaw.ts';

let env: SimEnv;
beforeAll(async () => {
  env = await startSimEnv();
});
afterAll(() => env.close());

/** Share of 20 ms frames loud enough to be a voice (well above the noise floor). */
function voicedShare(mulaw: Uint8Array): number {
  const pcm = mulawToPcm(mulaw);
  let voiced = 0;
  let frames = 0;
  for (let i = 0; i + 160 <= pcm.length; i += 160, frames++) {
    let sum = 0;
    for (let j = i; j < i + 160; j++) sum += Math.abs(pcm[j]!);
    if (sum / 160 > 1500) voiced++;
  }
  return voiced / Math.max(1, frames);
}

test('the caller is speech, not a buzz, and the server books from it', async () => {
  const voice = await callerSpeech('Maria Gonzalez');
  expect(voice.length).toBeGreaterThan(4000);
  expect(voicedShare(voice)).toBeGreaterThan(0.3);

  const org = await createOrganization(env.app.rt.db.db, {
    template: 'hvac',
    name: 'Polar Air',
    phoneNumber: '+15555550142',
    timezone: 'America/Chicago',
  });
  const call = await dialServer({
    serverUrl: env.serverUrl,
    to: org.phoneNumber,
    feed: feedOf(env.deepgram, false),
    timeScale: env.timeScale,
    extraForm: { SimulatedNow: '2026-11-23T10:00:00-06:00' },
  });
  expect(await call.listen()).toBe(true);
  const greeting = call.recording().length;
  for (const line of ['my furnace is banging', 'Maria Gonzalez', 'Thursday at 1 pm', '12 Oak Street', 'yes']) {
    expect(await call.say(line)).toBe(true);
  }
  await call.hangUp();
  await env.app.rt.writes.flush(3);
  const rows = await env.app.rt.db.db.select().from(bookings).where(eq(bookings.callId, call.callId));
  expect(rows.map((b) => [b.customerName, b.appointmentTime.toISOString()])).toEqual([
    ['Maria Gonzalez', '2026-11-26T19:00:00.000Z'],
  ]);
  // The recording goes greeting, caller, reply, caller…: the caller's first line follows the greeting.
  const rec = call.recording();
  const firstLine = await callerSpeech('my furnace is banging');
  expect(rec.subarray(greeting, greeting + firstLine.length)).toEqual(firstLine);
}, 60_000);
