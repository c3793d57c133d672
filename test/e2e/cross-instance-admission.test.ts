// Two runtimes on one database file, as two instances behind a load balancer: the webhook is
// answered by one and the media stream lands on the other. The stream is admitted there, once;
// a replayed or foreign token is refused on both; an org edited through one instance's API
// reaches the other within the org cache's TTL.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { calls } from '../../src/db/schema.ts';
import { loadConfig } from '../../src/config.ts';
import { createRuntime, type App } from '../../src/bootstrap.ts';
import type { RunningServer } from '../../src/server.ts';
import { manualClock } from '../../src/clock.ts';
import { postWebhook, randomSid, TwilioMediaStream, type CallerOptions } from '../../src/sim/twilio-caller.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const SECRET = 'shared-stream-secret-0123456789abcdef';
const ADMIN = 'admin-key-0123456789abcdef';

let a: TestServer;
let b: App;
let bServer: RunningServer;
const clockB = manualClock(Date.UTC(2026, 10, 23, 16));

beforeAll(async () => {
  a = await startTestServer({ STREAM_TOKEN_SECRET: SECRET, ADMIN_API_KEY: ADMIN, INSTANCE_ID: 'a' });
  b = await createRuntime(
    loadConfig({
      DATABASE_URL: `file:${join(a.dir, 'test.db')}`,
      REGION: 'test',
      PLAYOUT_TIME_SCALE: '1000',
      STREAM_TOKEN_SECRET: SECRET,
      ADMIN_API_KEY: ADMIN,
      INSTANCE_ID: 'b',
      ORG_CACHE_TTL_MS: '5000',
    }),
    { precomputePhrases: false, clock: clockB },
  );
  bServer = b.listen({ port: 0, hostname: '127.0.0.1' });
});
afterAll(async () => {
  await bServer.stop();
  await b.close();
  await a.close();
});

const wsUrl = (httpUrl: string) => `${httpUrl.replace('http', 'ws')}/media-stream`;
const callerFor = (to: string): CallerOptions => ({ serverUrl: a.url, to, callSid: randomSid('CA') });

async function hangUp(stream: TwilioMediaStream): Promise<void> {
  stream.sendAudio(new Uint8Array(1600).fill(0xff));
  stream.stop();
  await stream.waitClosed();
}

describe('a stream opened on another instance than the webhook', () => {
  test('is admitted once; a replay on either instance and a foreign token are refused', async () => {
    const org = await a.createOrg();
    const one = callerFor(org.phoneNumber);
    const two = callerFor(org.phoneNumber);
    const first = await postWebhook(one);
    const second = await postWebhook(two);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    // The token is not stored anywhere.
    const [row] = await a.app.rt.db.db.select().from(calls).where(eq(calls.carrierCallId, one.callSid!));
    expect(row!.streamToken).toBeNull();

    // Call two's token on call one's stream: refused by B.
    const foreign = new TwilioMediaStream(one.callSid!);
    await foreign.open(wsUrl(bServer.url), { ...first.parameters, token: second.parameters.token! });
    expect((await foreign.waitClosed()).code).toBe(1008);

    const live = new TwilioMediaStream(one.callSid!);
    await live.open(wsUrl(bServer.url), first.parameters);
    await live.waitForMark('t0.end');

    for (const url of [a.url, bServer.url]) {
      const replay = new TwilioMediaStream(one.callSid!);
      await replay.open(wsUrl(url), first.parameters);
      expect((await replay.waitClosed()).code).toBe(1008);
    }
    expect(live.isClosed).toBe(false);
    await hangUp(live);
    await b.rt.writes.flush(3);
    const rows = await a.app.rt.db.db.select().from(calls).where(eq(calls.carrierCallId, one.callSid!));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('completed');
    expect(rows[0]!.streamSid).toBe(live.streamSid);
  });
});

describe('an org edited through one instance', () => {
  test('reaches calls answered by the other within ORG_CACHE_TTL_MS', async () => {
    const org = await a.createOrg({ name: 'Polar Air' });
    // B looks the org up (a call reaches it) and caches it.
    expect((await b.rt.orgs.findById(org.id))!.name).toBe('Polar Air');
    expect((await b.rt.orgs.findByPhone(org.phoneNumber))!.name).toBe('Polar Air');
    const res = await fetch(`${a.url}/api/orgs/${org.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Polar Air Heating' }),
    });
    expect(res.status).toBe(200);
    clockB.advance(4999);
    expect((await b.rt.orgs.findById(org.id))!.name).toBe('Polar Air');
    clockB.advance(2);
    expect((await b.rt.orgs.findById(org.id))!.name).toBe('Polar Air Heating');
    expect((await b.rt.orgs.findByPhone(org.phoneNumber))!.name).toBe('Polar Air Heating');
  });
});
