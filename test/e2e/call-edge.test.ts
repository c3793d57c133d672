import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { calls, callTurns } from '../../src/db/schema.ts';
import { postWebhook, randomSid, signTwilio, TwilioMediaStream, FRAME_BYTES } from '../../src/sim/twilio-caller.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { speechAudio } from '../../src/sim/caller-audio.ts';

const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
const ADMIN_KEY = 'admin-key-for-edge-tests-0123456789';

describe('a call through the webhook and the media stream', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, ADMIN_API_KEY: ADMIN_KEY });
  });
  afterAll(() => ts.close());

  test('signed webhook → stream 3 s → stop → call row finalized with its duration', async () => {
    const org = await ts.createOrg();
    const callSid = randomSid('CA');
    const forged = await postWebhook({
      serverUrl: ts.url,
      to: org.phoneNumber,
      callSid,
      signature: 'bm90IGEgc2lnbmF0dXJl',
    });
    expect(forged.status).toBe(403);
    const unsigned = await postWebhook({ serverUrl: ts.url, to: org.phoneNumber, callSid, signature: '' });
    expect(unsigned.status).toBe(403);

    const startedAt = Date.now();
    const answer = await postWebhook({ serverUrl: ts.url, to: org.phoneNumber, callSid, authToken: AUTH_TOKEN });
    expect(answer.status).toBe(200);
    expect(answer.twiml).toContain('<Connect><Stream url="');
    expect(answer.streamUrl).toMatch(/^wss?:\/\/.+\/media-stream$/);
    expect(answer.parameters.orgId).toBe(org.id);
    expect(answer.parameters.callId).toBeString();
    expect(answer.parameters.token).toBeString();

    const stream = new TwilioMediaStream(callSid);
    await stream.open(`${ts.url.replace('http', 'ws')}/media-stream`, answer.parameters);
    await stream.waitForMark('t0.end'); // the greeting has played
    // 3 s of caller audio: 1.8 s of speech, then silence.
    const speech = speechAudio('hello I need a furnace repair');
    stream.sendAudio(speech);
    stream.sendAudio(new Uint8Array(3 * 8000 - speech.length).fill(0xff));
    stream.stop();
    await stream.waitClosed();
    const elapsed = (Date.now() - startedAt) / 1000;
    await ts.app.rt.writes.flush(3);

    const [row] = await ts.app.rt.db.db.select().from(calls).where(eq(calls.carrierCallId, callSid));
    expect(row).toBeDefined();
    expect(row!.status).toBe('completed');
    expect(row!.endedAt).toBeInstanceOf(Date);
    expect(row!.durationSeconds).toBeGreaterThan(0);
    expect(row!.durationSeconds!).toBeLessThanOrEqual(elapsed + 0.5);
    expect(row!.streamSid).toBe(stream.streamSid);
    expect(row!.streamToken).toBeNull(); // single use, consumed
    expect(row!.region).toBe('test');
    // The greeting went out as whole frames, and it was recorded as turn 0.
    expect(stream.stats.partialFrames).toBe(0);
    expect(stream.audio().length % FRAME_BYTES).toBe(0);
    expect(stream.audio().length).toBeGreaterThan(8000); // more than a second of speech
    const turns = await ts.app.rt.db.db.select().from(callTurns).where(eq(callTurns.callId, row!.id));
    expect(turns[0]?.assistantText).toContain('Polar Air');
  });

  test('an unknown number is told so politely and the call ends', async () => {
    const answer = await postWebhook({ serverUrl: ts.url, to: '+15005550000', authToken: AUTH_TOKEN });
    expect(answer.status).toBe(200);
    expect(answer.twiml).toContain('<Say');
    expect(answer.twiml).toContain('<Hangup/>');
    expect(answer.streamUrl).toBeNull();
  });

  test('malformed webhooks get a clear 400', async () => {
    const url = `${ts.url}/voice/incoming`;
    const params = { CallSid: 'not-a-sid', To: '+15125550100' };
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilio(AUTH_TOKEN, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain('CallSid');
    const json = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
  });

  test('a stream without the webhook-issued token is refused', async () => {
    const org = await ts.createOrg();
    const callSid = randomSid('CA');
    const answer = await postWebhook({ serverUrl: ts.url, to: org.phoneNumber, callSid, authToken: AUTH_TOKEN });
    const stream = new TwilioMediaStream(callSid);
    await stream.open(`${ts.url.replace('http', 'ws')}/media-stream`, { ...answer.parameters, token: 'guessed' });
    const closed = await stream.waitClosed();
    expect(closed.code).toBe(1008);
    // The real token still works once (the refused attempt did not consume it)…
    const ok = new TwilioMediaStream(callSid);
    await ok.open(`${ts.url.replace('http', 'ws')}/media-stream`, answer.parameters);
    await ok.waitForMark('t0.end');
    ok.stop();
    await ok.waitClosed();
    // …and only once.
    const replay = new TwilioMediaStream(callSid);
    await replay.open(`${ts.url.replace('http', 'ws')}/media-stream`, answer.parameters);
    expect((await replay.waitClosed()).code).toBe(1008);
  });

  test('status callbacks are recorded', async () => {
    const url = `${ts.url}/voice/status`;
    const params = { CallSid: randomSid('CA'), CallStatus: 'completed', CallDuration: '42' };
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilio(AUTH_TOKEN, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(204);
  });

  test('healthz says only up or draining; details need the admin key', async () => {
    const res = await fetch(`${ts.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, draining: false });
    expect((await fetch(`${ts.url}/healthz?details`)).status).toBe(401);
    const wrong = await fetch(`${ts.url}/healthz?details`, { headers: { authorization: 'Bearer not-the-key' } });
    expect(wrong.status).toBe(401);
    const detailed = await fetch(`${ts.url}/healthz?details`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(detailed.status).toBe(200);
    const body = (await detailed.json()) as { ok: boolean; providers: Record<string, string>; activeCalls: number };
    expect(body.ok).toBe(true);
    expect(body.providers.tts).toContain('embedded');
    expect(body.activeCalls).toBeNumber();
  });
});
