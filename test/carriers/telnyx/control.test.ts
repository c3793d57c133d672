import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createTelnyxControl } from '../../../src/carriers/telnyx/control.ts';
import { decodeClientState } from '../../../src/carriers/telnyx/answer.ts';
import { startFakeTelnyxRest, type FakeTelnyxRest } from '../../../src/sim/telnyx-rest.ts';
import { randomCallControlId } from '../../../src/sim/telnyx-caller.ts';

const API_KEY = 'KEY0123456789ABCDEF';
let rest: FakeTelnyxRest;

beforeAll(async () => {
  rest = await startFakeTelnyxRest({ apiKey: API_KEY });
});
afterAll(async () => {
  await rest.close();
});

function newCall(): string {
  const id = randomCallControlId();
  rest.registerCall(id);
  return id;
}

const control = (over: Partial<Parameters<typeof createTelnyxControl>[0]> = {}) =>
  createTelnyxControl({ apiKey: API_KEY, baseUrl: rest.url, ...over });

describe('Telnyx Call Control client', () => {
  test('answer posts the stream command with the API key as a bearer token', async () => {
    const id = newCall();
    const streamUrl = 'wss://voice.example.test/telnyx/media';
    const r = await control().answer({ callControlId: id, streamUrl, parameters: { token: 't' } });
    expect(r).toEqual({ ok: true, alreadyEnded: false });
    const cmd = rest.commands.find((c) => c.callControlId === id)!;
    expect(cmd.action).toBe('answer');
    expect(cmd.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(cmd.headers['content-type']).toBe('application/json');
    expect(cmd.body.stream_bidirectional_mode).toBe('rtp');
    expect(decodeClientState(cmd.body.client_state as string)).toEqual({ token: 't' });
    expect(rest.stateOf(id)).toBe('answered');
  });

  test('hangup ends the call', async () => {
    const id = newCall();
    expect(await control().hangup(id)).toEqual({ ok: true, alreadyEnded: false });
    expect(rest.stateOf(id)).toBe('ended');
  });

  test('hanging up a call the caller already ended counts as done (Telnyx 90018)', async () => {
    const id = newCall();
    rest.endCall(id);
    expect(await control().hangup(id)).toEqual({ ok: true, alreadyEnded: true });
  });

  test('transfer sends to and from', async () => {
    const id = newCall();
    expect((await control().transfer(id, '+15125550199', { from: '+15125550100' })).ok).toBe(true);
    const cmd = rest.commands.find((c) => c.callControlId === id)!;
    expect(cmd.body).toMatchObject({ to: '+15125550199', from: '+15125550100' });
    expect(rest.stateOf(id)).toBe('transferred');
  });

  test('a refused transfer is reported with Telnyx’s error, not retried', async () => {
    const id = newCall();
    const r = await control().transfer(id, 'not-a-number');
    expect(r).toMatchObject({ ok: false, status: 422, retryable: false });
    expect(!r.ok && r.message).toContain('to must be');
    expect(rest.commands.filter((c) => c.callControlId === id)).toHaveLength(1);
  });

  test('a 5xx is retried once with the same command_id, and the call is answered once', async () => {
    const id = newCall();
    rest.failNext(1, 503);
    const r = await control().answer({ callControlId: id, streamUrl: 'wss://h/s', parameters: {} });
    expect(r.ok).toBe(true);
    const sent = rest.commands.filter((c) => c.callControlId === id);
    expect(sent.map((c) => c.status)).toEqual([503, 200]);
    expect(sent[0]!.body.command_id).toBe(sent[1]!.body.command_id);
  });

  test('rate limiting that outlasts the retries is reported as retryable', async () => {
    const id = newCall();
    rest.failNext(2, 429);
    const r = await control({ retries: 1 }).hangup(id);
    expect(r).toMatchObject({ ok: false, status: 429, retryable: true });
    expect(rest.stateOf(id)).toBe('parked');
  });

  test('a wrong API key is a 401, not retried', async () => {
    const id = newCall();
    const before = rest.commands.length;
    const r = await control({ apiKey: 'wrong' }).hangup(id);
    expect(r).toMatchObject({ ok: false, status: 401, retryable: false });
    expect(rest.commands.length - before).toBe(1);
  });

  test('an unknown call is a 404', async () => {
    const r = await control().hangup(randomCallControlId());
    expect(r).toMatchObject({ ok: false, status: 404, retryable: false });
  });

  test('a stalled API times out as a retryable failure with status 0', async () => {
    const id = newCall();
    rest.hang(true);
    try {
      const r = await control({ timeoutMs: 100, retries: 0 }).hangup(id);
      expect(r).toMatchObject({ ok: false, status: 0, retryable: true });
    } finally {
      rest.hang(false);
    }
  });

  test('an aborted command is not retried', async () => {
    const id = newCall();
    const before = rest.commands.length;
    const r = await control({ retries: 3 }).hangup(id, AbortSignal.abort());
    expect(r).toEqual({ ok: false, status: 0, code: null, message: 'aborted', retryable: false });
    expect(rest.commands.length).toBe(before);
  });

  test('a base URL with a trailing slash works', async () => {
    const id = newCall();
    expect((await control({ baseUrl: `${rest.url}/` }).hangup(id)).ok).toBe(true);
  });

  test('an error body that is not JSON is described by its status', async () => {
    const r = await createTelnyxControl({
      apiKey: API_KEY,
      baseUrl: 'http://x.invalid/v2',
      retries: 0,
      fetch: (async () => new Response('<html>bad gateway</html>', { status: 502 })) as unknown as typeof fetch,
    }).hangup('v3:x');
    expect(r).toEqual({ ok: false, status: 502, code: null, message: 'HTTP 502', retryable: true });
  });
});
