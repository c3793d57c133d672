import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { calls } from '../../src/db/schema.ts';
import { postWebhook, randomSid, TwilioMediaStream } from '../../src/sim/twilio-caller.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ WS_MAX_MALFORMED: '1000' });
});
afterAll(() => ts.close());

async function openCall(): Promise<{ stream: TwilioMediaStream; callSid: string }> {
  const org = await ts.createOrg();
  const callSid = randomSid('CA');
  const answer = await postWebhook({ serverUrl: ts.url, to: org.phoneNumber, callSid });
  const stream = new TwilioMediaStream(callSid);
  await stream.open(`${ts.url.replace('http', 'ws')}/media-stream`, answer.parameters);
  return { stream, callSid };
}

test('garbage on one media stream never hurts a healthy call beside it', async () => {
  const healthy = await openCall();
  const bad = await openCall();
  await Promise.all([healthy.stream.waitForMark('t0.end'), bad.stream.waitForMark('t0.end')]);
  const sid = bad.stream.streamSid;
  const garbage: Array<string | Uint8Array> = [
    '{not json',
    '',
    'null',
    '42',
    '"a string"',
    '[{"event":"media"}]',
    '{}',
    '{"event":123}',
    '{"event":"media","sequenceNumber":"5"}', // missing streamSid
    `{"event":"media","streamSid":"${sid}","sequenceNumber":"5"}`, // missing media
    `{"event":"media","streamSid":"${sid}","sequenceNumber":{"n":1},"media":{"payload":"AAAA"}}`,
    `{"event":"media","streamSid":"${sid}","sequenceNumber":"5","media":{"payload":12345}}`,
    `{"event":"media","streamSid":"${sid}","sequenceNumber":"5","media":{"payload":"@@@@"}}`,
    `{"event":"media","streamSid":"${sid}","sequenceNumber":"5","media":{"payload":"${'A'.repeat(40_000)}"}}`,
    `{"event":"media","streamSid":"MZffffffffffffffffffffffffffffffff","sequenceNumber":"5","media":{"payload":"AAAA"}}`,
    `{"event":"dtmf","streamSid":"${sid}","sequenceNumber":"6","dtmf":{"digit":"XX"}}`,
    `{"event":"mark","streamSid":"${sid}","sequenceNumber":"7","mark":{"name":""}}`,
    `{"event":"start","streamSid":"${sid}","sequenceNumber":"8","start":{"callSid":"CA1"}}`, // second start
    `{"event":"teleport","streamSid":"${sid}","sequenceNumber":"9"}`,
    new Uint8Array([0xde, 0xad, 0xbe, 0xef]), // binary frame
    new Uint8Array(200_000), // large binary frame
    'x'.repeat(1024 * 1024), // 1 MB text message
    JSON.stringify({
      event: 'media',
      streamSid: sid,
      sequenceNumber: '10',
      media: { payload: 'A'.repeat(1024 * 1024 - 200) },
    }),
    `{"event":"mark","streamSid":"${sid}","sequenceNumber":"11","mark":{"name":"never-sent"}}`, // echo of a mark we never sent
  ];
  for (const g of garbage) bad.stream.sendRaw(g);
  // The healthy call keeps talking and is answered.
  healthy.stream.sendAudio(new Uint8Array(8000).fill(0xff));
  const health = await fetch(`${ts.url}/healthz`);
  expect(health.status).toBe(200);
  // Events after stop are ignored, and the call is finalized exactly once.
  bad.stream.stop();
  bad.stream.sendRaw(`{"event":"media","streamSid":"${sid}","sequenceNumber":"99","media":{"payload":"AAAA"}}`);
  healthy.stream.stop();
  // The server reads a socket in order, so the stop came after all the garbage: had the garbage
  // got the socket closed (1008), that close would be what each stream saw, not its own 1000.
  expect(await bad.stream.waitClosed()).toEqual({ code: 1000, reason: 'stop' }); // counted, not fatal (below the cap)
  expect(await healthy.stream.waitClosed()).toEqual({ code: 1000, reason: 'stop' });
  await ts.app.rt.writes.flush(3);
  for (const c of [healthy, bad]) {
    const [row] = await ts.app.rt.db.db.select().from(calls).where(eq(calls.carrierCallId, c.callSid));
    expect(row?.status).toBe('completed');
    expect(row?.endedAt).toBeInstanceOf(Date);
  }
});

async function rawSocket(url: string) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/media-stream`);
  await new Promise((r) => (ws.onopen = r));
  const closed = new Promise<{ code: number; reason: string }>(
    (r) => (ws.onclose = (e) => r({ code: e.code, reason: e.reason })),
  );
  return { ws, closed };
}

test('media before start and repeated garbage close only that socket, with a reason', async () => {
  const strict = await startTestServer({ WS_MAX_MALFORMED: '20' });
  try {
    const { ws, closed } = await rawSocket(strict.url);
    ws.send(
      JSON.stringify({
        event: 'media',
        streamSid: `MZ${'1'.repeat(32)}`,
        sequenceNumber: '1',
        media: { payload: 'AAAA' },
      }),
    );
    for (let i = 0; i < 30; i++) ws.send('garbage');
    const c = await closed;
    expect(c.code).toBe(1008);
    expect(c.reason).toContain('malformed');
    // The server still answers new calls.
    const org = await strict.createOrg();
    const callSid = randomSid('CA');
    const answer = await postWebhook({ serverUrl: strict.url, to: org.phoneNumber, callSid });
    const ok = new TwilioMediaStream(callSid);
    await ok.open(`${strict.url.replace('http', 'ws')}/media-stream`, answer.parameters);
    await ok.waitForMark('t0.end');
    ok.stop();
    await ok.waitClosed();
  } finally {
    await strict.close();
  }
});

test('a message flood is rate limited and then closed', async () => {
  const { ws, closed } = await rawSocket(ts.url);
  const msg = JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' });
  for (let i = 0; i < 2500; i++) ws.send(msg);
  const c = await closed;
  expect(c.code).toBe(1008);
  expect(c.reason).toContain('rate');
  expect((await fetch(`${ts.url}/healthz`)).status).toBe(200);
});
