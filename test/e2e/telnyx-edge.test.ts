// The edge guards every carrier's routes alike: Telnyx's webhook is bounded before its signature
// is checked, its stream sockets share the pre-start cap and deadline, and a repeated
// call.initiated is answered once (the same command id, one call row).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { calls } from '../../src/db/schema.ts';
import {
  callInitiatedBody,
  createTelnyxSigner,
  postTelnyxWebhook,
  randomCallControlId,
} from '../../src/sim/telnyx-caller.ts';
import { startFakeTelnyxRest, type FakeTelnyxRest } from '../../src/sim/telnyx-rest.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { manualTimers } from '../helpers/manual-timers.ts';

const signer = createTelnyxSigner();
const timers = manualTimers();
let rest: FakeTelnyxRest;
let ts: TestServer;

beforeAll(async () => {
  rest = await startFakeTelnyxRest({ apiKey: 'KEY-edge' });
  const env = {
    TELNYX_API_KEY: 'KEY-edge',
    TELNYX_PUBLIC_KEY: signer.publicKeyBase64,
    TELNYX_API_BASE_URL: rest.url,
    MAX_PREAUTH_SOCKETS: '2',
    WS_START_TIMEOUT_MS: '5000',
  };
  ts = await startTestServer(env, { timers });
});
afterAll(async () => {
  await ts.close();
  await rest.close();
});

async function idleSocket(path: string) {
  const ws = new WebSocket(`${ts.url.replace('http', 'ws')}${path}`);
  const closed = new Promise<{ code: number; reason: string }>((r) => {
    ws.onclose = (e) => r({ code: e.code, reason: e.reason });
  });
  await new Promise((r, j) => {
    ws.onopen = r;
    ws.onerror = () => j(new Error('upgrade refused'));
  });
  return { ws, closed };
}

const probe = (path: string) => fetch(`${ts.url}${path}`).then((r) => r.status);

describe('the edge in front of Telnyx', () => {
  test('an oversized webhook is refused 413 before its signature is looked at', async () => {
    const res = await fetch(`${ts.url}/telnyx/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'a'.repeat(40 * 1024) }),
    });
    expect(res.status).toBe(413);
  });

  test('Telnyx stream sockets share the pre-start cap and are closed at the deadline', async () => {
    const a = await idleSocket('/telnyx/media-stream');
    expect(await probe('/media-stream')).toBe(426);
    const b = await idleSocket('/telnyx/media-stream');
    expect(await probe('/media-stream')).toBe(503);
    expect(await probe('/telnyx/media-stream')).toBe(503);
    timers.advance(5000);
    expect((await a.closed).code).toBe(1008);
    expect((await b.closed).reason).toContain('start');
    expect(await probe('/telnyx/media-stream')).toBe(426);
  });

  test('a repeated call.initiated is answered with the same command and one call row', async () => {
    const org = await ts.createOrg();
    const id = randomCallControlId();
    rest.registerCall(id);
    const url = `${ts.url}/telnyx/voice`;
    const first = callInitiatedBody({ callControlId: id, from: '+15125550123', to: org.phoneNumber });
    // Telnyx's retry is another delivery (attempt 2), signed anew.
    const retry = first.replace('"attempt":1', '"attempt":2');
    expect((await postTelnyxWebhook(url, first, { signer })).status).toBe(200);
    expect((await postTelnyxWebhook(url, retry, { signer })).status).toBe(200);
    const both = await rest.waitForCommand((c) => c.callControlId === id && !c.executed);
    expect(both).not.toBeNull();
    const answers = rest.commands.filter((c) => c.callControlId === id);
    expect(answers.map((c) => [c.action, c.executed])).toEqual([
      ['answer', true],
      ['answer', false],
    ]);
    expect(answers[0]!.body.command_id).toBe(answers[1]!.body.command_id);
    expect(answers[0]!.body.client_state).toBe(answers[1]!.body.client_state);
    await ts.app.rt.writes.flush(3);
    const rows = await ts.app.rt.db.db.select().from(calls).where(eq(calls.carrierCallId, id));
    expect(rows.map((r) => r.carrier)).toEqual(['telnyx']);
  });
});
