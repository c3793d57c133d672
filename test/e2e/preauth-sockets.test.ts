// Sockets that never start a stream: closed at the start deadline, capped in number over all
// clients, and counted per client address, which behind a trusted proxy is the forwarded one.
import { describe, expect, test } from 'bun:test';
import { postWebhook, randomSid, TwilioMediaStream } from '../../src/sim/twilio-caller.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { manualTimers } from '../helpers/manual-timers.ts';

async function idleSocket(ts: TestServer, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${ts.url.replace('http', 'ws')}/media-stream`, { headers } as unknown as string[]);
  const closed = new Promise<{ code: number; reason: string }>((r) => {
    ws.onclose = (e) => r({ code: e.code, reason: e.reason });
  });
  await new Promise((r, j) => {
    ws.onopen = r;
    ws.onerror = () => j(new Error('upgrade refused'));
  });
  return { ws, closed };
}

/** The upgrade checks run before the upgrade itself: a plain GET shows which one refuses (426 = none). */
const probe = (ts: TestServer, headers: Record<string, string> = {}) =>
  fetch(`${ts.url}/media-stream`, { headers }).then((r) => r.status);

describe('sockets before start', () => {
  test('idle sockets fill the pre-start cap, are closed at the deadline, freeing their slots', async () => {
    const timers = manualTimers();
    const ts = await startTestServer({ MAX_PREAUTH_SOCKETS: '2', WS_START_TIMEOUT_MS: '5000' }, { timers });
    try {
      // A started call does not hold a pre-start slot.
      const org = await ts.createOrg();
      const callSid = randomSid('CA');
      const answer = await postWebhook({ serverUrl: ts.url, to: org.phoneNumber, callSid });
      const call = new TwilioMediaStream(callSid);
      await call.open(`${ts.url.replace('http', 'ws')}/media-stream`, answer.parameters);
      await call.waitForMark('t0.end');

      const a = await idleSocket(ts);
      expect(await probe(ts)).toBe(426);
      const b = await idleSocket(ts);
      expect(await probe(ts)).toBe(503);

      timers.advance(5000);
      expect((await a.closed).code).toBe(1008);
      expect((await b.closed).reason).toContain('start');
      expect(await probe(ts)).toBe(426);
      expect(call.isClosed).toBe(false);
      call.stop();
      await call.waitClosed();
    } finally {
      await ts.close();
    }
  });

  test('behind a trusted proxy the per-address cap counts forwarded clients, not the proxy', async () => {
    const ts = await startTestServer({ MAX_CONNECTIONS_PER_IP: '1', TRUST_PROXY: '127.0.0.1, ::1' });
    try {
      const held = await idleSocket(ts, { 'x-forwarded-for': '203.0.113.5' });
      expect(await probe(ts, { 'x-forwarded-for': '203.0.113.6' })).toBe(426);
      expect(await probe(ts, { 'x-forwarded-for': '203.0.113.5' })).toBe(429);
      held.ws.close();
      await held.closed;
    } finally {
      await ts.close();
    }
  });

  test('from a peer that is not a trusted proxy, X-Forwarded-For is ignored', async () => {
    const ts = await startTestServer({ MAX_CONNECTIONS_PER_IP: '1', TRUST_PROXY: '10.0.0.0/8' });
    try {
      const held = await idleSocket(ts, { 'x-forwarded-for': '203.0.113.5' });
      expect(await probe(ts, { 'x-forwarded-for': '203.0.113.6' })).toBe(429);
      held.ws.close();
      await held.closed;
    } finally {
      await ts.close();
    }
  });
});
