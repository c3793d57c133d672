// Twilio may post the incoming-call webhook twice for one CallSid (a retry after a slow answer,
// a fallback URL, another region). Every repeat must name the same call, so the stream that
// follows finds its row, its turns are stored and the call completes.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { calls, callTurns } from '../../src/db/schema.ts';
import { loadConfig } from '../../src/config.ts';
import { createRuntime } from '../../src/bootstrap.ts';
import { postWebhook, randomSid, TwilioMediaStream, type CallerOptions } from '../../src/sim/twilio-caller.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const AUTH_TOKEN = 'repeat-auth-token-0123456789abcdef';
// Processes sharing a database share the key stream tokens are signed with.
const STREAM_TOKEN_SECRET = 'repeat-stream-secret-0123456789abcdef';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, STREAM_TOKEN_SECRET });
});
afterAll(() => ts.close());

const callerFor = (to: string): CallerOptions => ({
  serverUrl: ts.url,
  to,
  callSid: randomSid('CA'),
  authToken: AUTH_TOKEN,
});

const wsUrl = (httpUrl: string) => `${httpUrl.replace('http', 'ws')}/media-stream`;

async function rowsAndTurns(callSid: string) {
  await ts.app.rt.writes.flush(3);
  const rows = await ts.app.rt.db.db.select().from(calls).where(eq(calls.carrierCallId, callSid));
  const turns = rows[0] ? await ts.app.rt.db.db.select().from(callTurns).where(eq(callTurns.callId, rows[0].id)) : [];
  return { rows, turns };
}

/** After the greeting: a key press and a second of silence, then the caller hangs up. */
async function talkAndHangUp(stream: TwilioMediaStream): Promise<void> {
  stream.sendDtmf('1');
  stream.sendAudio(new Uint8Array(8000).fill(0xff));
  stream.stop();
  await stream.waitClosed();
}

describe('the same signed webhook posted twice', () => {
  test('both answers name one call; the stream opened with either completes it', async () => {
    for (const use of ['first', 'second'] as const) {
      const org = await ts.createOrg();
      const caller = callerFor(org.phoneNumber);
      const first = await postWebhook(caller);
      const second = await postWebhook(caller);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.parameters).toEqual(first.parameters);

      const stream = new TwilioMediaStream(caller.callSid!);
      await stream.open(wsUrl(ts.url), (use === 'first' ? first : second).parameters);
      await stream.waitForMark('t0.end');
      await talkAndHangUp(stream);

      const { rows, turns } = await rowsAndTurns(caller.callSid!);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.id).toBe(first.parameters.callId!);
      expect(rows[0]!.status).toBe('completed');
      expect(rows[0]!.streamSid).toBe(stream.streamSid);
      expect(turns.length).toBeGreaterThanOrEqual(1);
    }
  });

  test('a repeat while the call is live changes nothing and cannot open a second stream', async () => {
    const org = await ts.createOrg();
    const caller = callerFor(org.phoneNumber);
    const first = await postWebhook(caller);
    const live = new TwilioMediaStream(caller.callSid!);
    await live.open(wsUrl(ts.url), first.parameters);
    await live.waitForMark('t0.end');

    const repeat = await postWebhook(caller);
    expect(repeat.status).toBe(200);
    expect(repeat.parameters.callId).toBe(first.parameters.callId!);
    const intruder = new TwilioMediaStream(caller.callSid!);
    await intruder.open(wsUrl(ts.url), repeat.parameters);
    expect((await intruder.waitClosed()).code).toBe(1008);

    expect(live.isClosed).toBe(false);
    await talkAndHangUp(live);
    const { rows, turns } = await rowsAndTurns(caller.callSid!);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('completed');
    expect(rows[0]!.streamSid).toBe(live.streamSid);
    expect(turns.length).toBeGreaterThanOrEqual(1);
  });

  test('a repeat reaching another process on the same database reuses the call and its token', async () => {
    const org = await ts.createOrg();
    const caller = callerFor(org.phoneNumber);
    const first = await postWebhook(caller);
    await ts.app.rt.writes.flush(3);

    const other = await createRuntime(
      loadConfig({
        DATABASE_URL: `file:${join(ts.dir, 'test.db')}`,
        REGION: 'test',
        PLAYOUT_TIME_SCALE: '1000',
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        STREAM_TOKEN_SECRET,
      }),
      { precomputePhrases: false },
    );
    const server = other.listen({ port: 0, hostname: '127.0.0.1' });
    try {
      const repeat = await postWebhook({ ...caller, serverUrl: server.url });
      expect(repeat.parameters).toEqual(first.parameters);
      const stream = new TwilioMediaStream(caller.callSid!);
      await stream.open(wsUrl(server.url), repeat.parameters);
      await stream.waitForMark('t0.end');
      await talkAndHangUp(stream);
      await other.rt.writes.flush(3);
    } finally {
      await server.stop();
      await other.close();
    }
    const { rows, turns } = await rowsAndTurns(caller.callSid!);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('completed');
    expect(turns.length).toBeGreaterThanOrEqual(1);
  });
});
