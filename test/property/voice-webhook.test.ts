// POST /voice/incoming with arbitrary forms, through the real Hono app of a real runtime: never a
// 5xx, never a stack trace, always either TwiML or a JSON error; a well-formed call to a known
// number always gets a <Stream>, to an unknown number a polite goodbye.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { buildHttpApp } from '../../src/server.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { fcParams, timeoutFor } from './fc-config.ts';

let srv: TestServer;
let app: Hono;
let knownPhone: string;

beforeAll(async () => {
  srv = await startTestServer();
  knownPhone = (await srv.createOrg()).phoneNumber;
  app = buildHttpApp(srv.app.rt);
});
afterAll(() => srv.close());

const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
const sid = (prefix: string) =>
  fc.oneof(
    hex32.map((h) => prefix + h),
    fc.string({ maxLength: 40 }),
  );
const phone = fc.oneof(fc.constantFrom('+15125550123', '+15555550000', ''), fc.string({ maxLength: 70 }));

/** Twilio's fields (right or wrong) plus anything else a client might send. */
const form = fc
  .record(
    {
      CallSid: sid('CA'),
      AccountSid: sid('AC'),
      From: phone,
      To: fc.oneof(phone, fc.constant('__known__')),
      CallStatus: fc.oneof(fc.constantFrom('ringing', 'in-progress'), fc.string({ maxLength: 40 })),
      Direction: fc.oneof(fc.constant('inbound'), fc.string({ maxLength: 40 })),
      SimulatedNow: fc.string({ maxLength: 30 }),
    },
    { requiredKeys: [] },
  )
  .chain((known) =>
    fc
      .dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 50 }), { maxKeys: 5 })
      .map((extra) => ({ ...extra, ...known })),
  );

const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
];

function noLeaks(status: number, body: string, type: string | null): void {
  expect(status).toBeLessThan(500);
  expect([200, 400, 403, 413, 415]).toContain(status);
  // No stack frames or source paths in what a client sees.
  expect(body).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
  if (status === 200) expect(type ?? '').toContain('text/xml');
  else expect((JSON.parse(body) as { error?: { code?: unknown } }).error?.code).toBeString();
}

async function post(body: string | Uint8Array, contentType: string): Promise<Response> {
  return app.request('/voice/incoming', {
    method: 'POST',
    headers: contentType ? { 'content-type': contentType } : {},
    body: typeof body === 'string' ? body : new Uint8Array(body).buffer,
  });
}

describe('voice webhook properties', () => {
  test(
    'arbitrary forms: never a 5xx or a stack trace; known numbers get a stream, unknown a goodbye',
    async () => {
      const seen = { stream: 0, goodbye: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(form, async (fields) => {
          const f = { ...fields } as Record<string, string>;
          if (f.To === '__known__') f.To = knownPhone;
          const res = await post(new URLSearchParams(f).toString(), 'application/x-www-form-urlencoded');
          const body = await res.text();
          noLeaks(res.status, body, res.headers.get('content-type'));
          const valid =
            /^CA[0-9a-f]{32}$/.test(f.CallSid ?? '') &&
            (f.AccountSid === undefined || /^AC[0-9a-f]{32}$/.test(f.AccountSid)) &&
            (f.To ?? '').length > 0 &&
            (f.To ?? '').length <= 64 &&
            (f.From === undefined || (f.From.length > 0 && f.From.length <= 64)) &&
            (f.CallStatus ?? '').length <= 32 &&
            (f.Direction ?? '').length <= 32;
          if (valid && f.To === knownPhone) {
            expect(res.status).toBe(200);
            expect(body).toContain('<Stream');
            seen.stream++;
          } else if (valid) {
            expect(res.status).toBe(200);
            expect(body).toContain('<Hangup');
            seen.goodbye++;
          } else {
            expect(res.status).toBe(400);
            seen.refused++;
          }
        }),
        fcParams(),
      );
      // The generator reaches every branch.
      expect(Math.min(seen.stream, seen.goodbye, seen.refused)).toBeGreaterThan(0);
    },
    timeoutFor(20),
  );

  test(
    'arbitrary bodies and content types: never a 5xx or a stack trace',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string({ maxLength: 300 }),
            fc.uint8Array({ maxLength: 300 }),
            fc.string({ minLength: 33_000, maxLength: 34_000 }),
          ),
          fc.constantFrom(...CONTENT_TYPES),
          async (body, type) => {
            const res = await post(body, type);
            noLeaks(res.status, await res.text(), res.headers.get('content-type'));
          },
        ),
        fcParams(0.5),
      );
    },
    timeoutFor(20, 0.5),
  );
});
