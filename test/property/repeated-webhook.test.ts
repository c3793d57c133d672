// Repeated incoming-call webhooks in any order with stream starts and call ends: every answer for
// a CallSid names the same call and token, only the first stream start is accepted, and each
// CallSid has exactly one call row, with the id the answers named.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { eq } from 'drizzle-orm';
import { buildHttpApp } from '../../src/server.ts';
import { calls } from '../../src/db/schema.ts';
import { admitStream } from '../../src/call/stream-admission.ts';
import { randomSid } from '../../src/sim/twilio-caller.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { fcParams, timeoutFor } from './fc-config.ts';

let srv: TestServer;
let app: Hono;
let phone: string;

beforeAll(async () => {
  srv = await startTestServer();
  phone = (await srv.createOrg()).phoneNumber;
  app = buildHttpApp(srv.app.rt);
});
afterAll(() => srv.close());

type Step =
  | { kind: 'webhook'; call: number }
  | { kind: 'start'; call: number; answer: number }
  | { kind: 'end'; call: number };

const CALLS = 3;
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.nat(CALLS - 1).map((call) => ({ kind: 'webhook' as const, call })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.nat(CALLS - 1), fc.nat(4))
      .map(([call, answer]) => ({ kind: 'start' as const, call, answer })),
  },
  { weight: 1, arbitrary: fc.nat(CALLS - 1).map((call) => ({ kind: 'end' as const, call })) },
);

async function webhook(callSid: string): Promise<{ callId: string; token: string }> {
  const form = { CallSid: callSid, From: '+15125550123', To: phone, CallStatus: 'ringing', Direction: 'inbound' };
  const res = await app.request('/voice/incoming', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const twiml = await res.text();
  expect(res.status).toBe(200);
  const param = (name: string) => new RegExp(`<Parameter name="${name}" value="([^"]*)"/>`).exec(twiml)?.[1] ?? '';
  return { callId: param('callId'), token: param('token') };
}

test(
  'any order of repeats, starts and ends: one call per CallSid, one accepted stream',
  async () => {
    const rt = srv.app.rt;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const sids = Array.from({ length: CALLS }, () => randomSid('CA'));
        const answers: Array<Array<{ callId: string; token: string }>> = sids.map(() => []);
        const started = sids.map(() => false);
        for (const s of steps) {
          const sid = sids[s.call]!;
          if (s.kind === 'webhook') {
            const a = await webhook(sid);
            if (answers[s.call]!.length > 0) expect(a).toEqual(answers[s.call]![0]!);
            answers[s.call]!.push(a);
          } else if (s.kind === 'start') {
            const given = answers[s.call]!;
            const token = given.length > 0 ? given[s.answer % given.length]!.token : 'never-issued';
            const start = { carrierCallId: sid, streamId: randomSid('MZ'), parameters: { token } };
            const admitted = await admitStream(rt, 'twilio', start);
            // The stream the first answer describes starts once; a repeat opens nothing new.
            expect(admitted.ok).toBe(given.length > 0 && !started[s.call]);
            if (admitted.ok) {
              expect(admitted.call.callId).toBe(given[0]!.callId);
              started[s.call] = true;
              rt.registry.addLive(sid, { end: async () => undefined });
            }
          } else if (started[s.call]) {
            rt.registry.removeLive(sid);
          }
        }
        await rt.writes.flush(3);
        for (const [i, sid] of sids.entries()) {
          const rows = await rt.db.db.select({ id: calls.id }).from(calls).where(eq(calls.carrierCallId, sid));
          expect(rows.map((r) => r.id)).toEqual(answers[i]!.length > 0 ? [answers[i]![0]!.callId] : []);
        }
        for (const sid of sids) rt.registry.removeLive(sid);
      }),
      fcParams(0.25),
    );
  },
  timeoutFor(40, 0.25),
);
