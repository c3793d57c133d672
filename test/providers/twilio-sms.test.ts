// The Twilio SMS adapter drives the real twilio SDK over HTTP to the fake Messages API: the form
// body and Basic auth on the wire, the message sid and status back, Twilio error codes surfaced,
// and the outbox recording both outcomes in the database.
import { afterEach, describe, expect, test } from 'bun:test';
import { createTwilioSms } from '../../src/providers/notify/twilio-sms.ts';
import { createOutboxNotify } from '../../src/providers/notify/outbox.ts';
import { openDb, type DbHandle } from '../../src/db/client.ts';
import { notifications } from '../../src/db/schema.ts';
import { createLogger } from '../../src/log.ts';
import { segmentsFor, startFakeTwilioRest, type FakeTwilioRest } from '../../src/sim/twilio-rest.ts';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'auth-token-for-tests';
const FROM = '+15125550100';
const TO = '+15125550123';

let fake: FakeTwilioRest | undefined;
let db: DbHandle | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  db?.close();
  db = undefined;
});

async function start(numbers: string[] = [FROM]): Promise<FakeTwilioRest> {
  fake = await startFakeTwilioRest({ accountSid: SID, authToken: TOKEN, numbers });
  return fake;
}

const sms = (f: FakeTwilioRest, extra: { authToken?: string; from?: string } = {}) =>
  createTwilioSms({ accountSid: SID, authToken: extra.authToken ?? TOKEN, from: extra.from ?? FROM, baseUrl: f.url });

interface TwilioErrorShape {
  status?: number;
  code?: number;
  message?: string;
  moreInfo?: string;
}

async function rejection(p: Promise<unknown>): Promise<TwilioErrorShape> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  return e as TwilioErrorShape;
}

describe('twilio rest fake', () => {
  test('counts segments the way Twilio bills them', () => {
    expect(segmentsFor('a'.repeat(160))).toBe(1);
    expect(segmentsFor('a'.repeat(161))).toBe(2);
    expect(segmentsFor('a'.repeat(306))).toBe(2);
    expect(segmentsFor('a'.repeat(307))).toBe(3);
    // Escape-table characters take two septets.
    expect(segmentsFor('€'.repeat(80))).toBe(1);
    expect(segmentsFor('€'.repeat(81))).toBe(2);
    // Anything outside GSM-7 switches the whole message to UCS-2.
    expect(segmentsFor('✓'.repeat(70))).toBe(1);
    expect(segmentsFor(`✓${'a'.repeat(70)}`)).toBe(2);
  });
});

describe('twilio sms adapter', () => {
  test('posts To/From/Body form-encoded with Basic auth and returns the message sid', async () => {
    const f = await start();
    const body = 'New booking: AC tune-up, Tue Mar 10 9:00 AM — Dana (+1 512-555-0123) & "gate code" 4#2';
    const res = await sms(f).send({ to: TO, body });

    expect(f.requests).toHaveLength(1);
    const req = f.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    expect(req.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(req.headers.accept).toContain('application/json');
    expect(req.form).toEqual({ To: TO, From: FROM, Body: body });
    expect(req.status).toBe(201);

    expect(f.messages).toHaveLength(1);
    const m = f.messages[0]!;
    expect(res).toEqual({ id: m.sid, status: 'sent' });
    expect(res.id).toMatch(/^SM[0-9a-f]{32}$/);
    expect(m).toMatchObject({ to: TO, from: FROM, body, status: 'queued', account_sid: SID, num_segments: '2' });
  });

  test('bodies over 1600 characters are cut to fit rather than refused', async () => {
    const f = await start();
    const res = await sms(f).send({ to: TO, body: 'x'.repeat(2000) });
    expect(res.status).toBe('sent');
    expect(f.messages[0]!.body).toHaveLength(1600);
  });

  test('a message Twilio reports as failed comes back failed', async () => {
    const f = await start();
    f.setStatusFor(TO, 'failed', 30006);
    const res = await sms(f).send({ to: TO, body: 'hello' });
    expect(res.status).toBe('failed');
    expect(res.id).toBe(f.messages[0]!.sid);
  });

  test("an invalid number surfaces Twilio's error code, status and message", async () => {
    const f = await start();
    const e = await rejection(sms(f).send({ to: '5551234', body: 'hello' }));
    expect(e.status).toBe(400);
    expect(e.code).toBe(21211);
    expect(e.message).toContain("Invalid 'To' Phone Number");
    expect(e.moreInfo).toBe('https://www.twilio.com/docs/errors/21211');
    expect(f.messages).toHaveLength(0);
  });

  test('a sender the account does not own is refused with 21606', async () => {
    const f = await start();
    const e = await rejection(sms(f, { from: '+15125559999' }).send({ to: TO, body: 'hello' }));
    expect(e.status).toBe(400);
    expect(e.code).toBe(21606);
  });

  test('a wrong auth token is 401 / 20003', async () => {
    const f = await start();
    const e = await rejection(sms(f, { authToken: 'nope' }).send({ to: TO, body: 'hello' }));
    expect(e.status).toBe(401);
    expect(e.code).toBe(20003);
    expect(f.messages).toHaveLength(0);
  });

  test('a server error is not retried by the SDK and surfaces once', async () => {
    const f = await start();
    f.failNext(1, 503);
    const e = await rejection(sms(f).send({ to: TO, body: 'hello' }));
    expect(e.status).toBe(503);
    expect(e.code).toBe(20500);
    expect(f.requests).toHaveLength(1);
    // The next attempt goes through.
    expect((await sms(f).send({ to: TO, body: 'hello' })).status).toBe('sent');
  });

  test('fault switches over HTTP, as a fake in another process is driven: fail-next, then hang until the client gives up', async () => {
    const f = await start();
    const post = (path: string, body: unknown) =>
      fetch(`${f.url}/__control/${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('fail-next', { times: 'one' })).status).toBe(400);
    expect((await post('fail-next', { times: 1 })).status).toBe(200);
    expect((await rejection(sms(f).send({ to: TO, body: 'hello' }))).status).toBe(503);
    expect((await post('hang', { on: true })).status).toBe(200);
    const hung = sms(f).send({ to: TO, body: 'hello' });
    expect(await f.waitForRequests(2)).toBe(true);
    expect((await post('hang', { on: false })).status).toBe(200);
    await f.close(); // the hung request ends with the server
    await hung.catch(() => undefined);
  });

  test('through the outbox: a sent text is recorded with its sid; a refused one is recorded, not thrown', async () => {
    const f = await start();
    db = await openDb({ url: ':memory:' });
    const outbox = createOutboxNotify(db.db, { delegate: sms(f), log: createLogger() });
    expect(outbox.name).toBe('outbox+twilio-sms');

    const ok = await outbox.send({ to: TO, body: 'Booked: Tue 9:00 AM' });
    const bad = await outbox.send({ to: 'not-a-number', body: 'Booked: Tue 9:00 AM' });
    expect(ok.status).toBe('sent');
    expect(bad.status).toBe('failed');

    const rows = await db.db.select().from(notifications);
    const okRow = rows.find((r) => r.id === ok.id)!;
    const badRow = rows.find((r) => r.id === bad.id)!;
    expect(okRow).toMatchObject({
      channel: 'sms',
      recipient: TO,
      status: 'sent',
      providerId: f.messages[0]!.sid,
      error: null,
    });
    expect(okRow.sentAt).toBeInstanceOf(Date);
    expect(badRow).toMatchObject({
      channel: 'sms',
      recipient: 'not-a-number',
      status: 'failed',
      providerId: null,
      sentAt: null,
    });
    expect(badRow.error).toContain("Invalid 'To' Phone Number");
    expect(f.messages).toHaveLength(1);
  });
});
