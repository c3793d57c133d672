// Three server processes on one database file behind no sticky routing, as a region scaled out
// behind a load balancer: each call's webhook reaches instance i and its media stream instance
// i+1. Every call completes and is stored once; a replayed or foreign stream token is refused on
// every instance; an instance killed with SIGKILL mid-call has its open calls marked interrupted
// by the survivors once its lease runs out, while a call it answered but another serves goes on.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { openDb, type DbHandle } from '../../src/db/client.ts';
import { createOrganization } from '../../src/orgs/create-org.ts';
import { calls } from '../../src/db/schema.ts';
import { startFakeDeepgram, type FakeDeepgram } from '../../src/sim/deepgram.ts';
import { postWebhook, randomSid, TwilioMediaStream } from '../../src/sim/twilio-caller.ts';
import { startFakePolly, type FakePolly } from '../fakes/polly.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { eventually } from '../helpers/eventually.ts';

const INSTANCES = 3;
const CALLS = 50;
/** Calls in flight at once: enough to interleave instances, few enough for a busy 2-core machine. */
const PARALLEL = 10;
const PHONE = '+15125550177';

let dir: string;
let deepgram: FakeDeepgram;
let polly: FakePolly;
const POLLY_KEYS = { accessKeyId: 'AKIDMULTIINSTANCE', secretAccessKey: 'multi-instance-polly-secret' };
let handle: DbHandle;
const servers: ChildServer[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'multi-'));
  deepgram = await startFakeDeepgram();
  polly = await startFakePolly({ credentials: POLLY_KEYS });
  handle = await openDb({ url: `file:${join(dir, 'm.db')}` });
  await createOrganization(handle.db, {
    template: 'hvac',
    name: 'Polar Air',
    phoneNumber: PHONE,
    timezone: 'America/Chicago',
  });
  const started = await Promise.all(
    Array.from({ length: INSTANCES }, (_, i) =>
      startChildServer({
        DATABASE_URL: `file:${join(dir, 'm.db')}`,
        DEEPGRAM_API_KEY: 'simulated-caller',
        DEEPGRAM_URL: deepgram.url,
        STREAM_TOKEN_SECRET: 'multi-instance-stream-secret-0123456789',
        INSTANCE_ID: `instance-${i}`,
        // Compressed: a killed instance is noticed within a second or two, not half a minute.
        INSTANCE_HEARTBEAT_MS: '100',
        INSTANCE_LEASE_MS: '1500',
        PLAYOUT_TIME_SCALE: '1000',
        WS_MAX_MESSAGES_PER_SECOND: '1000000',
        // Speech from the Polly fake: cheap, so the machine's cores go to the servers under test.
        AWS_REGION: 'us-east-1',
        POLLY_ENDPOINT: polly.url,
        AWS_ACCESS_KEY_ID: POLLY_KEYS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: POLLY_KEYS.secretAccessKey,
        FEATURE_PHRASE_CACHE: 'false',
      }),
    ),
  );
  servers.push(...started);
}, 30_000);

afterAll(async () => {
  for (const s of servers) s.proc.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.proc.exited));
  handle.close();
  await deepgram.close();
  await polly.close();
  rmSync(dir, { recursive: true, force: true });
});

const wsUrl = (s: ChildServer) => `${s.url.replace(/^http/, 'ws')}/media-stream`;

interface Placed {
  callSid: string;
  parameters: Record<string, string>;
  stream: TwilioMediaStream;
}

/** Webhook to one instance, stream to another; resolves once the greeting has played. */
async function place(webhookAt: ChildServer, streamAt: ChildServer): Promise<Placed> {
  const callSid = randomSid('CA');
  const answer = await postWebhook({ serverUrl: webhookAt.url, to: PHONE, callSid });
  if (answer.status !== 200 || !answer.parameters.token)
    throw new Error(`not answered: ${answer.status} ${answer.twiml}`);
  const stream = new TwilioMediaStream(callSid);
  await stream.open(wsUrl(streamAt), answer.parameters);
  await stream.waitForMark('t0.end');
  return { callSid, parameters: answer.parameters, stream };
}

async function hangUp(p: Placed): Promise<void> {
  p.stream.sendAudio(new Uint8Array(800).fill(0xff));
  p.stream.stop();
  await p.stream.waitClosed();
}

/** A stream start with these parameters, on every instance: each one closes it as policy. */
async function refusedEverywhere(callSid: string, parameters: Record<string, string>): Promise<number[]> {
  return Promise.all(
    servers.map(async (s) => {
      const intruder = new TwilioMediaStream(callSid);
      await intruder.open(wsUrl(s), parameters);
      return (await intruder.waitClosed()).code;
    }),
  );
}

const rowsOf = (sids: string[]) => handle.db.select().from(calls).where(inArray(calls.carrierCallId, sids));

test('50 calls round-robin across 3 instances: each completes once; tokens are single-use everywhere; a killed instance’s calls end interrupted', async () => {
  const placed: Placed[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < CALLS) {
        const i = next++;
        const p = await place(servers[i % INSTANCES]!, servers[(i + 1) % INSTANCES]!);
        placed.push(p);
        await hangUp(p);
      }
    }),
  );
  expect(placed).toHaveLength(CALLS);
  expect(polly.requests.length).toBeGreaterThanOrEqual(CALLS); // every greeting was spoken

  const sids = placed.map((p) => p.callSid);
  const done = await eventually(async () => {
    const rows = await rowsOf(sids);
    return rows.length === CALLS && rows.every((r) => r.endedAt !== null) && rows;
  });
  expect(new Set(done.map((r) => r.carrierCallId)).size).toBe(CALLS);
  expect(done.every((r) => r.status === 'completed')).toBe(true);
  expect(done.every((r) => r.streamToken === null && r.streamClaimedAt !== null)).toBe(true);
  for (const p of placed) expect(done.find((r) => r.carrierCallId === p.callSid)!.id).toBe(p.parameters.callId!);
  // Streams landed on the instance after the webhook's: each instance served its share.
  const byInstance = new Map<string, number>();
  for (const r of done) byInstance.set(r.instanceId!, (byInstance.get(r.instanceId!) ?? 0) + 1);
  expect([...byInstance.values()].sort()).toEqual([16, 17, 17]);

  // Replays of a finished call, and one call's stream carrying another's token, on every instance.
  const [a, b] = placed as [Placed, Placed];
  expect(await refusedEverywhere(a.callSid, a.parameters)).toEqual([1008, 1008, 1008]);
  expect(await refusedEverywhere(a.callSid, { ...a.parameters, token: b.parameters.token! })).toEqual([
    1008, 1008, 1008,
  ]);

  // A call answered elsewhere but live on the victim, and one the victim answered but another serves.
  const victim = servers[2]!;
  const onVictim = await place(servers[0]!, victim);
  const answeredByVictim = await place(victim, servers[1]!);
  // While it is live, its token is refused by every other instance too.
  const fresh = await place(servers[1]!, servers[0]!);
  const replayLive = await Promise.all(
    [servers[1]!, victim].map(async (s) => {
      const intruder = new TwilioMediaStream(fresh.callSid);
      await intruder.open(wsUrl(s), fresh.parameters);
      return (await intruder.waitClosed()).code;
    }),
  );
  expect(replayLive).toEqual([1008, 1008]);
  await hangUp(fresh);

  victim.proc.kill('SIGKILL');
  await victim.proc.exited;
  const [interrupted] = await eventually(async () => {
    const rows = await rowsOf([onVictim.callSid]);
    return rows[0]?.status === 'interrupted' && rows;
  });
  expect(interrupted!.endedAt).not.toBeNull();
  // The call the victim only answered is served by a survivor and completes normally.
  expect(answeredByVictim.stream.isClosed).toBe(false);
  await hangUp(answeredByVictim);
  const survivors = [answeredByVictim.callSid, fresh.callSid];
  const finished = await eventually(async () => {
    const rows = await rowsOf(survivors);
    return rows.every((r) => r.endedAt !== null) && rows;
  });
  expect(finished.map((r) => r.status)).toEqual(['completed', 'completed']);
  // Nothing this test placed is left open.
  const all = await rowsOf([...sids, onVictim.callSid, ...survivors]);
  expect(all).toHaveLength(CALLS + 3);
  expect(all.every((r) => r.endedAt !== null)).toBe(true);
  onVictim.stream.close();
}, 40_000);
