// Provider instruments around real adapters: the Polly adapter against its SynthesizeSpeech fake.
// Failures count by kind; a request the caller aborted (barge-in) is not a provider error.
import { afterEach, describe, expect, test } from 'bun:test';
import { createPollyTts } from '../../src/providers/tts/polly.ts';
import { createMetrics } from '../../src/metrics/registry.ts';
import { errorKind, instrumentTts } from '../../src/metrics/instrument.ts';
import { startFakePolly, type FakePolly } from '../fakes/polly.ts';
import { parseProm, sampleValue } from './prom-parse.ts';

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

let fake: FakePolly | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function drain(it: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const c of it) n += c.length;
  return n;
}

describe('provider instruments', () => {
  test('Polly: first-byte latency on success, http_5xx and auth errors by kind, barge-in aborts not counted', async () => {
    fake = await startFakePolly({ credentials: CREDS });
    const m = createMetrics();
    const tts = instrumentTts(createPollyTts({ region: 'us-east-1', endpoint: fake.url, credentials: CREDS }), m);
    expect(tts.name).toBe('polly');

    expect(await drain(tts.synthesize({ text: 'Thanks for calling.' }))).toBeGreaterThan(0);

    fake.failNext(2, 500); // the adapter tries twice
    await expect(drain(tts.synthesize({ text: 'A server error.' }))).rejects.toThrow();
    fake.failNext(1, 403);
    await expect(drain(tts.synthesize({ text: 'Bad credentials.' }))).rejects.toThrow();

    // The caller talks over us: the turn aborts the request mid-way.
    fake.hang(true);
    const ctl = new AbortController();
    const sent = fake.requests.length;
    const pending = drain(tts.synthesize({ text: 'You will never hear this.', signal: ctl.signal })).then(
      () => 'ended',
      () => 'threw',
    );
    expect(await fake.waitForRequests(sent + 1)).toBe(true);
    ctl.abort(new Error('barge-in: speech'));
    expect(await pending).toBe('threw'); // the adapter did fail the request; it is just not the provider's fault
    fake.hang(false);

    const f = parseProm(await m.render());
    expect(sampleValue(f, 'infinioffice_provider_latency_seconds_count', { provider: 'polly', op: 'first_byte' })).toBe(
      1,
    );
    expect(sampleValue(f, 'infinioffice_provider_errors_total', { provider: 'polly', kind: 'http_5xx' })).toBe(1);
    expect(sampleValue(f, 'infinioffice_provider_errors_total', { provider: 'polly', kind: 'auth' })).toBe(1);
    const all = f.get('infinioffice_provider_errors_total')!.samples.reduce((s, x) => s + x.value, 0);
    expect(all).toBe(2);
  }, 30_000);

  test('error kinds from statuses, deadlines and sockets', () => {
    expect(errorKind(Object.assign(new Error('x'), { status: 503 }))).toBe('http_5xx');
    expect(errorKind(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 401 } }))).toBe('auth');
    expect(errorKind(Object.assign(new Error('x'), { status: 429 }))).toBe('http_4xx');
    expect(errorKind(new Error('tts first byte timeout'))).toBe('timeout');
    expect(errorKind(Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' }))).toBe('network');
    expect(errorKind('Deepgram closed the socket')).toBe('network');
    expect(errorKind(new Error('malformed tool arguments'))).toBe('other');
  });
});
