// The Polly adapter drives the real AWS SDK over HTTP to the fake: the signed request on the wire
// (format, rate, engine, voice, escaped SSML), the PCM stream turned into 8 kHz μ-law, billed
// characters, retries, service errors and aborts.
import { afterEach, describe, expect, test } from 'bun:test';
import { createPollyTts, type PollyTtsOptions } from '../../src/providers/tts/polly.ts';
import { mulawToPcm, pcmToMulaw } from '../../src/audio/mulaw.ts';
import {
  parseSsml,
  startFakePolly,
  synthesizePcm,
  verifySigV4,
  type FakePolly,
  type FakePollyOptions,
} from '../fakes/polly.ts';
import { concat } from '../../src/audio/frames.ts';

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

let fake: FakePolly | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(opts: FakePollyOptions = {}): Promise<FakePolly> {
  fake = await startFakePolly({ credentials: CREDS, ...opts });
  return fake;
}

const tts = (f: FakePolly, extra: Partial<PollyTtsOptions> = {}) =>
  createPollyTts({ region: 'us-east-1', endpoint: f.url, credentials: CREDS, ...extra });

/** Little-endian PCM16 bytes → samples. */
function samples(bytes: Uint8Array): Int16Array {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int16Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = v.getInt16(i * 2, true);
  return out;
}

describe('polly fake', () => {
  test('SSML parser accepts escaped text and refuses bare markup characters', () => {
    expect(parseSsml('<speak>Tom &amp; Jerry &lt;3 <break time="300ms"/> it&apos;s</speak>')).toEqual({
      text: "Tom & Jerry <3 it's",
    });
    expect(parseSsml('<speak>Tom & Jerry</speak>')).toHaveProperty('error');
    expect(parseSsml('<speak>a < b</speak>')).toHaveProperty('error');
    expect(parseSsml('<speak>a > b</speak>')).toHaveProperty('error');
    expect(parseSsml('<speak><prosody rate="fast">hi</speak>')).toHaveProperty('error');
    expect(parseSsml('hello')).toHaveProperty('error');
  });

  test('SigV4 check accepts what the SDK signed and fails when anything signed changes', async () => {
    const f = await start();
    for await (const _ of tts(f).synthesize({ text: 'Signed.' })) void _;
    const r = f.requests[0]!;
    const wire = { method: r.method, path: '/v1/speech', query: '', headers: r.headers, body: r.rawBody };
    expect(verifySigV4(wire, CREDS)).toBeNull();
    expect(verifySigV4({ ...wire, body: r.rawBody.replace('Signed', 'Signet') }, CREDS)).toContain(
      'x-amz-content-sha256',
    );
    expect(
      verifySigV4(
        { ...wire, headers: { ...r.headers, 'x-amz-content-sha256': '' }, body: r.rawBody.replace('Signed', 'Signet') },
        CREDS,
      ),
    ).toBe('signature does not match');
    expect(verifySigV4({ ...wire, headers: { ...r.headers, 'amz-sdk-request': 'attempt=9; max=9' } }, CREDS)).toBe(
      'signature does not match',
    );
    expect(verifySigV4({ ...wire, method: 'PUT' }, CREDS)).toBe('signature does not match');
    expect(verifySigV4(wire, { ...CREDS, secretAccessKey: 'other' })).toBe('signature does not match');
    expect(verifySigV4(wire, { ...CREDS, accessKeyId: 'AKIDOTHER' })).toBe('unknown access key id');
    expect(verifySigV4({ ...wire, headers: { ...r.headers, authorization: 'Bearer x' } }, CREDS)).toBe(
      'malformed Authorization header',
    );
  });
});

describe('polly adapter', () => {
  test('sends a signed pcm/8000 neural request with escaped SSML and returns μ-law of the streamed PCM', async () => {
    // An odd chunk size splits 16-bit samples across chunks.
    const f = await start({ chunkBytes: 1001 });
    const text = `Tom & Jerry's "Fix <It>" shop`;
    const usage: { characters?: number } = {};
    const chunks: Uint8Array[] = [];
    for await (const c of tts(f).synthesize({ text, onUsage: (u) => (usage.characters = u.characters) }))
      chunks.push(c);

    expect(f.requests).toHaveLength(1);
    const req = f.requests[0]!;
    expect(req.status).toBe(200);
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/speech');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.authorization).toStartWith(`AWS4-HMAC-SHA256 Credential=${CREDS.accessKeyId}/`);
    expect(req.headers.authorization).toContain('/us-east-1/polly/aws4_request');
    expect(req.body).toEqual({
      Text: '<speak>Tom &amp; Jerry&apos;s &quot;Fix &lt;It&gt;&quot; shop</speak>',
      TextType: 'ssml',
      OutputFormat: 'pcm',
      SampleRate: '8000',
      VoiceId: 'Joanna',
      Engine: 'neural',
    });

    // Billed characters are the spoken text, as the service counted them.
    expect(req.characters).toBe(text.length);
    expect(usage.characters).toBe(text.length);

    // One μ-law byte per PCM sample, in order: exactly the PCM the fake sent, encoded.
    const pcm = synthesizePcm(text, 8000);
    expect(req.bytesSent).toBe(pcm.length);
    const out = concat(chunks);
    expect(out.length).toBe(pcm.length / 2);
    expect(chunks.length).toBeGreaterThan(3);
    expect(out).toEqual(pcmToMulaw(samples(pcm)));
    // And decoding gives the original back within μ-law's quantization error.
    const back = mulawToPcm(out);
    const orig = samples(pcm);
    let worst = 0;
    for (let i = 0; i < orig.length; i++)
      worst = Math.max(worst, Math.abs(back[i]! - orig[i]!) / Math.max(256, Math.abs(orig[i]!)));
    expect(worst).toBeLessThan(0.07);
  });

  test('the configured voice is the default and a request voice wins over it', async () => {
    const f = await start();
    const a = tts(f, { voice: 'Matthew' });
    for await (const _ of a.synthesize({ text: 'Hello.' })) void _;
    for await (const _ of a.synthesize({ text: 'Hello.', voice: 'Ruth' })) void _;
    expect(f.requests.map((r) => r.body?.VoiceId)).toEqual(['Matthew', 'Ruth']);
    expect(a.engine).toBe('polly-neural');
    expect(a.defaultVoice).toBe('Matthew');
  });

  test('SSML documents pass through untouched', async () => {
    const f = await start();
    const doc =
      '<speak>Call us at <say-as interpret-as="telephone">5125550100</say-as>. <break time="300ms"/>Thanks &amp; bye.</speak>';
    const out: Uint8Array[] = [];
    for await (const c of tts(f).synthesize({ text: doc, ssml: true })) out.push(c);
    expect(f.requests[0]!.body?.Text).toBe(doc);
    expect(f.requests[0]!.characters).toBe('Call us at 5125550100. Thanks & bye.'.length);
    expect(concat(out).length).toBe(f.requests[0]!.bytesSent / 2);
  });

  test('credentials come from the environment when none are given', async () => {
    const f = await start({ credentials: { accessKeyId: 'AKIDFROMENV', secretAccessKey: 'env-secret-key' } });
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFROMENV';
    process.env.AWS_SECRET_ACCESS_KEY = 'env-secret-key';
    try {
      const out: Uint8Array[] = [];
      for await (const c of createPollyTts({ region: 'eu-west-1', endpoint: f.url }).synthesize({ text: 'Hi there.' }))
        out.push(c);
      expect(f.requests[0]!.status).toBe(200);
      expect(f.requests[0]!.headers.authorization).toContain('Credential=AKIDFROMENV/');
      expect(f.requests[0]!.headers.authorization).toContain('/eu-west-1/polly/');
      expect(concat(out).length).toBeGreaterThan(0);
    } finally {
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      else process.env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    }
  });

  test('a wrong secret is refused by the signature check', async () => {
    const f = await start();
    const bad = tts(f, { credentials: { accessKeyId: CREDS.accessKeyId, secretAccessKey: 'not-the-secret' } });
    const err = await (async () => {
      for await (const _ of bad.synthesize({ text: 'Hello.' })) void _;
    })().catch((e: unknown) => e);
    expect((err as Error).name).toBe('InvalidSignatureException');
    expect((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(403);
  });

  test('one 500 is retried and succeeds; two in a row surface as ServiceFailureException', async () => {
    const f = await start();
    f.failNext(1, 500);
    const out: Uint8Array[] = [];
    for await (const c of tts(f).synthesize({ text: 'Retry me.' })) out.push(c);
    expect(f.requests.map((r) => r.status)).toEqual([500, 200]);
    expect(f.requests[1]!.headers['amz-sdk-request']).toStartWith('attempt=2');
    expect(concat(out).length).toBe(f.requests[1]!.bytesSent / 2);

    f.failNext(2, 500);
    const err = await (async () => {
      for await (const _ of tts(f).synthesize({ text: 'Retry me.' })) void _;
    })().catch((e: unknown) => e);
    expect((err as Error).name).toBe('ServiceFailureException');
    expect((err as { $fault?: string }).$fault).toBe('server');
    expect(f.requests).toHaveLength(4);
  });

  test('client errors are not retried and keep their AWS name', async () => {
    const f = await start();
    const err = await (async () => {
      for await (const _ of tts(f).synthesize({ text: '<speak>Unclosed <prosody rate="fast">tag</speak>', ssml: true }))
        void _;
    })().catch((e: unknown) => e);
    expect((err as Error).name).toBe('InvalidSsmlException');
    expect((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(400);
    expect(f.requests).toHaveLength(1);

    const wrongEngine = await (async () => {
      for await (const _ of createPollyTts({
        region: 'us-east-1',
        endpoint: f.url,
        credentials: CREDS,
        engine: 'standard',
      }).synthesize({ text: 'Hi', voice: 'Ruth' }))
        void _;
    })().catch((e: unknown) => e);
    expect((wrongEngine as Error).name).toBe('EngineNotSupportedException');
  });

  test('text over the billed-character limit is refused before any request', async () => {
    const f = await start();
    const err = await (async () => {
      for await (const _ of tts(f).synthesize({ text: 'word '.repeat(700) })) void _;
    })().catch((e: unknown) => e);
    expect((err as Error).message).toContain('too long');
    expect(f.requests).toHaveLength(0);
  });

  test('a slow first byte still yields the whole stream', async () => {
    const f = await start({ profile: { ttfbMs: 40 } });
    const out: Uint8Array[] = [];
    for await (const c of tts(f).synthesize({ text: 'Patience.' })) out.push(c);
    expect(concat(out).length).toBe(f.requests[0]!.bytesPlanned / 2);
  });

  test('a connection that breaks mid-audio fails the stream after the audio already delivered', async () => {
    const f = await start({ chunkBytes: 1000 });
    f.control.setFault('dropMidStream', { times: 1, dropAfter: 3000 });
    const got: Uint8Array[] = [];
    const err = await (async () => {
      for await (const c of tts(f).synthesize({ text: 'This reply will be cut off part of the way through.' }))
        got.push(c);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    // Everything sent before the break was delivered, and nothing more.
    expect(f.requests[0]!.bytesSent).toBe(3000);
    expect(concat(got).length).toBeLessThanOrEqual(1500);
    expect(f.requests[0]!.bytesPlanned).toBeGreaterThan(3000);
  });

  test('aborting mid-stream stops the audio and hangs up on the service', async () => {
    // Paced body: 800-byte chunks, so most of the sentence is still unsent when we abort.
    const f = await start({ chunkBytes: 800, profile: { throughputBytesPerSec: 16_000 } });
    const ac = new AbortController();
    const got: Uint8Array[] = [];
    let afterAbort = 0;
    const ended = await (async () => {
      for await (const c of tts(f).synthesize({
        text: 'This sentence is long enough to take several seconds to say out loud.',
        signal: ac.signal,
      })) {
        if (ac.signal.aborted) afterAbort++;
        got.push(c);
        ac.abort();
      }
      return 'returned';
    })().catch(() => 'threw');
    expect(['returned', 'threw']).toContain(ended);
    expect(got.length).toBe(1);
    expect(afterAbort).toBe(0);
    expect(await f.waitForAbort()).toBe(true);
    const req = f.requests[0]!;
    expect(req.completed).toBe(false);
    expect(req.bytesSent).toBeLessThan(req.bytesPlanned);
  });

  test('an abort while the service hangs rejects the stream (so a fallback engine can take over)', async () => {
    const f = await start();
    f.hang(true);
    const ac = new AbortController();
    const run = (async () => {
      for await (const _ of tts(f).synthesize({ text: 'Anyone there?', signal: ac.signal })) void _;
    })();
    expect(await f.waitForRequests(1)).toBe(true);
    ac.abort();
    const err = await run.catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(await f.waitForAbort()).toBe(true);
  });
});
