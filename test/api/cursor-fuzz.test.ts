// No cursor a client can send makes a list fail inside the server: anything that is not a cursor
// this API issued is a 400 naming `cursor`, and a well-formed one pages normally.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import fc from 'fast-check';
import { fcParams, timeoutFor } from '../property/fc-config.ts';
import { harness, T0, type Harness } from './harness.ts';
import { seedBooking, seedCall, seedNotification, seedOrg } from './seed.ts';

let t: Harness;
beforeAll(async () => {
  t = await harness();
  const org = await seedOrg(t.h.db);
  const call = await seedCall(t.h.db, { orgId: org, startedAt: T0 });
  await seedBooking(t.h.db, { orgId: org, callId: call, appointmentTime: T0 });
  await seedNotification(t.h.db, { orgId: org, createdAt: T0 });
});
afterAll(() => t?.close());

const LISTS = ['/calls', '/bookings', '/notifications'] as const;
const b64 = (s: string) => Buffer.from(s).toString('base64url');

// Numbers around the edges of what a Date can hold, plus anything fast-check can make of JSON.
const edgeNumber = fc.oneof(
  fc.constantFrom(0, -1, 8.64e15, 8.64e15 + 1, -8.64e15 - 1, 1e300, 0.5),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
  fc.integer(),
  fc.double(),
  fc.maxSafeInteger(),
);
const cursor = fc.oneof(
  fc.string({ minLength: 1, maxLength: 80 }),
  fc.json().map(b64),
  fc.tuple(edgeNumber, fc.string({ maxLength: 40 })).map((v) => b64(JSON.stringify(v))),
  fc.tuple(fc.anything(), fc.anything()).map((v) => b64(JSON.stringify(v) ?? 'null')),
);

test(
  'no cursor yields a 500: each is a page (200) or a 400 naming the cursor',
  async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...LISTS), cursor, async (list, c) => {
        const res = await t.call('GET', `${list}?cursor=${encodeURIComponent(c)}`);
        if (res.status === 200) return Array.isArray(res.body.data);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
        expect(JSON.stringify(res.body.error.details)).toContain('cursor');
        return true;
      }),
      fcParams(),
    );
  },
  timeoutFor(5),
);

test('a cursor whose time no Date can hold is a 400, not a database error', async () => {
  for (const at of [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 8.64e15 + 1]) {
    for (const list of LISTS) {
      const res = await t.call('GET', `${list}?cursor=${b64(JSON.stringify([at, 'x']))}`);
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toBe('cursor');
    }
  }
});
