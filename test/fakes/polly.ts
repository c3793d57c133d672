// Fake Amazon Polly SynthesizeSpeech (`POST /v1/speech`, restJson1, protocols.md §5): validates the
// request the way the service does (SigV4 Authorization present, known voice and engine, sample
// rate per format, well-formed SSML inside <speak>, character limits), then streams a deterministic
// speech-shaped 16-bit little-endian PCM body in chunks with `x-amzn-RequestCharacters`. Errors use
// the AWS JSON shape (`x-amzn-ErrorType` header, `{"message"}` body) so the SDK throws named errors.
// HTTP/1.1 only: clients must pass a NodeHttpHandler (the SDK default is HTTP/2).
import { createHash, createHmac } from 'node:crypto';
import {
  createFakeControl,
  handleControlRequest,
  sleep,
  type FakeControl,
  type LatencyProfile,
  WAIT_MS,
  waitUntil,
} from '../../src/sim/latency-profile.ts';

export interface FakePollyOptions {
  profile?: Partial<LatencyProfile>;
  port?: number;
  /** Bytes per body chunk. Default 4000 (125 ms of 8 kHz PCM16). Odd sizes split samples across chunks. */
  chunkBytes?: number;
  /** Audio per billed character, ms. Default 60. */
  msPerCharacter?: number;
  /** When set, SigV4 signatures are verified against this key pair; otherwise only their shape is. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface FakePollyRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body (null when it was not JSON). */
  body: Record<string, unknown> | null;
  rawBody: string;
  /** Status the fake answered with (0 while pending or when it never answered). */
  status: number;
  /** Billed characters reported for this request. */
  characters: number;
  /** PCM bytes written to the wire. */
  bytesSent: number;
  /** Total PCM bytes this request would have received. */
  bytesPlanned: number;
  /** The client went away before the response was complete. */
  aborted: boolean;
  completed: boolean;
}

export interface FakePolly extends AsyncDisposable {
  /** Endpoint for `new PollyClient({ endpoint })`. */
  readonly url: string;
  readonly port: number;
  readonly control: FakeControl;
  readonly requests: readonly FakePollyRequest[];
  /** The next `times` requests fail with `status` (AWS error name chosen from the status unless given). */
  failNext(times: number, status: number, errorType?: string): void;
  /** Requests are accepted and never answered until cleared (or the client hangs up). */
  hang(on: boolean): void;
  /** Resolves when some request has been aborted by the client (or after `ms`, with false). */
  waitForAbort(ms?: number): Promise<boolean>;
  /** Resolves once `n` requests have arrived (or after `ms`, with false). */
  waitForRequests(n: number, ms?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** A few real voices and the engines each supports. */
const VOICES: Record<string, ReadonlySet<string>> = {
  Joanna: new Set(['standard', 'neural', 'long-form', 'generative']),
  Matthew: new Set(['standard', 'neural', 'generative']),
  Ruth: new Set(['neural', 'long-form', 'generative']),
  Salli: new Set(['standard', 'neural']),
  Ivy: new Set(['standard', 'neural']),
  Joey: new Set(['standard', 'neural']),
  Kendra: new Set(['standard', 'neural']),
  Justin: new Set(['standard', 'neural']),
  Brian: new Set(['standard', 'neural']),
  Amy: new Set(['standard', 'neural', 'generative']),
  // US Spanish.
  Lupe: new Set(['standard', 'neural', 'generative']),
  Pedro: new Set(['neural', 'generative']),
  Penelope: new Set(['standard']),
};

const FORMATS = new Set(['mp3', 'ogg_vorbis', 'ogg_opus', 'pcm', 'mulaw', 'alaw', 'json']);
const RATES: Record<string, readonly string[]> = {
  pcm: ['8000', '16000'],
  mp3: ['8000', '16000', '22050', '24000', '44100', '48000'],
  ogg_vorbis: ['8000', '16000', '22050', '24000', '44100', '48000'],
  ogg_opus: ['48000'],
  mulaw: ['8000'],
  alaw: ['8000'],
  json: [],
};

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Parses the SSML as XML enough to catch what breaks the real service: a bare `&` or `<` in text,
 * unknown entities, unbalanced tags, no <speak> root. Returns the spoken text (entities decoded,
 * tags removed) or an error message.
 */
export function parseSsml(ssml: string): { text: string } | { error: string } {
  const stack: string[] = [];
  let text = '';
  let i = 0;
  let rootClosed = false;
  const s = ssml.trim();
  while (i < s.length) {
    const c = s[i]!;
    if (c === '<') {
      const end = s.indexOf('>', i);
      if (end < 0) return { error: 'unterminated tag' };
      const tag = s.slice(i + 1, end);
      i = end + 1;
      if (tag.startsWith('?') || tag.startsWith('!--')) continue;
      const close = /^\/([A-Za-z][\w:-]*)\s*$/.exec(tag);
      if (close) {
        if (stack.pop() !== close[1]) return { error: `mismatched </${close[1]}>` };
        if (stack.length === 0) rootClosed = true;
        continue;
      }
      const open = /^([A-Za-z][\w:-]*)((?:\s+[\w:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)$/.exec(tag);
      if (!open) return { error: `malformed tag <${tag}>` };
      if (stack.length === 0 && (rootClosed || open[1] !== 'speak'))
        return { error: 'the document must be one <speak> element' };
      if (open[3] !== '/') stack.push(open[1]!);
      continue;
    }
    if (stack.length === 0) {
      if (/\s/.test(c)) {
        i++;
        continue;
      }
      return { error: 'text outside <speak>' };
    }
    if (c === '&') {
      const m = /^&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/.exec(s.slice(i, i + 12));
      if (!m) return { error: "a bare '&' in text" };
      const name = m[1]!;
      if (name.startsWith('#x')) text += String.fromCodePoint(parseInt(name.slice(2), 16));
      else if (name.startsWith('#')) text += String.fromCodePoint(Number(name.slice(1)));
      else if (ENTITY[name] !== undefined) text += ENTITY[name];
      else return { error: `unknown entity &${name};` };
      i += m[0].length;
      continue;
    }
    if (c === '>') return { error: "a bare '>' in text" };
    text += c;
    i++;
  }
  if (stack.length > 0) return { error: `unclosed <${stack.at(-1)}>` };
  if (!rootClosed) return { error: 'no <speak> element' };
  return { text: text.replace(/\s+/g, ' ').trim() };
}

/**
 * Deterministic speech-shaped PCM16 LE for `text`: each character is a short voiced (vowel),
 * noisy (consonant) or silent (space, punctuation) segment with an attack/decay envelope.
 */
export function synthesizePcm(text: string, sampleRate: number, msPerCharacter = 60): Uint8Array {
  const per = Math.round((sampleRate * msPerCharacter) / 1000);
  const chars = [...text];
  const out = new Uint8Array(chars.length * per * 2);
  const view = new DataView(out.buffer);
  let seed = 0x2545f491;
  const rand = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return ((seed >>> 0) / 0xffffffff) * 2 - 1;
  };
  let n = 0;
  for (const ch of chars) {
    const vowel = /[aeiouy]/i.test(ch);
    const letter = /[\p{L}\p{N}]/u.test(ch);
    const pitch = 110 + (ch.codePointAt(0)! % 12) * 9;
    for (let k = 0; k < per; k++, n++) {
      const env = Math.min(1, k / (per * 0.15), (per - k) / (per * 0.2));
      const t = n / sampleRate;
      let v = 0;
      if (vowel)
        v =
          (9000 *
            (Math.sin(2 * Math.PI * pitch * t) +
              0.5 * Math.sin(4 * Math.PI * pitch * t) +
              0.25 * Math.sin(6 * Math.PI * pitch * t))) /
          1.75;
      else if (letter) v = 3500 * rand();
      view.setInt16(n * 2, Math.round(v * env), true);
    }
  }
  return out;
}

const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * Recomputes an AWS Signature Version 4 over the request as received and compares it with the one
 * in the Authorization header. Returns null when it matches, or why it does not.
 */
export function verifySigV4(
  req: { method: string; path: string; query: string; headers: Record<string, string>; body: string },
  creds: { accessKeyId: string; secretAccessKey: string },
): string | null {
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([\w-]+)\/([\w-]+)\/aws4_request, ?SignedHeaders=([\w;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      req.headers.authorization ?? '',
    );
  if (!m) return 'malformed Authorization header';
  const [, akid, date, region, service, signed, signature] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (akid !== creds.accessKeyId) return 'unknown access key id';
  const amzDate = req.headers['x-amz-date'] ?? '';
  if (!amzDate.startsWith(date)) return 'credential date does not match x-amz-date';
  const payloadHash = sha256(req.body);
  if (req.headers['x-amz-content-sha256'] && req.headers['x-amz-content-sha256'] !== payloadHash)
    return 'x-amz-content-sha256 does not match the body';
  const names = signed.split(';');
  const canonicalHeaders = names.map((n) => `${n}:${(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const query = [...new URLSearchParams(req.query)]
    .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const path = req.path
    .split('/')
    .map((seg) => encodeURIComponent(encodeURIComponent(decodeURIComponent(seg))))
    .join('/');
  const canonical = [req.method, path, query, canonicalHeaders, signed, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, date), region), service), 'aws4_request');
  const expected = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  return expected === signature ? null : 'signature does not match';
}

const ERROR_FOR_STATUS: Record<number, string> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  429: 'ThrottlingException',
  500: 'ServiceFailureException',
  503: 'ServiceUnavailableException',
};

export async function startFakePolly(opts: FakePollyOptions = {}): Promise<FakePolly> {
  const control = createFakeControl(opts.profile);
  const chunkBytes = Math.max(1, opts.chunkBytes ?? 4000);
  const msPerChar = opts.msPerCharacter ?? 60;
  const requests: FakePollyRequest[] = [];
  const waiters = new Set<() => void>();
  const failures: Array<{ status: number; errorType: string }> = [];
  let hanging = false;
  let seq = 0;

  const notify = (): void => {
    for (const w of [...waiters]) w();
  };
  const requestId = (): string => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

  function awsError(rec: FakePollyRequest | null, status: number, errorType: string, message: string): Response {
    if (rec) {
      rec.status = status;
      rec.completed = true;
    }
    return Response.json(
      { message },
      {
        status,
        headers: {
          'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazonaws.parrot.service/`,
          'x-amzn-requestid': requestId(),
        },
      },
    );
  }

  function markAborted(rec: FakePollyRequest): void {
    if (rec.aborted || rec.completed) return;
    rec.aborted = true;
    notify();
  }

  async function speech(req: Request): Promise<Response> {
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const raw = await req.text();
    let body: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      body = null;
    }
    const rec: FakePollyRequest = {
      method: req.method,
      url: new URL(req.url).pathname + new URL(req.url).search,
      headers,
      body,
      rawBody: raw,
      status: 0,
      characters: 0,
      bytesSent: 0,
      bytesPlanned: 0,
      aborted: false,
      completed: false,
    };
    requests.push(rec);
    notify();
    req.signal.addEventListener('abort', () => markAborted(rec), { once: true });

    // A request without a SigV4 Authorization header is refused; the signature itself is checked
    // when the fake knows the key pair.
    if (
      !/^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/[\w-]+\/polly\/aws4_request, ?SignedHeaders=[\w;-]+, ?Signature=[0-9a-f]{64}$/.test(
        headers.authorization ?? '',
      )
    ) {
      return awsError(rec, 403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    if (!headers['x-amz-date'])
      return awsError(
        rec,
        403,
        'IncompleteSignatureException',
        'Authorization header requires existence of either a X-Amz-Date or a Date header.',
      );
    if (opts.credentials) {
      const u = new URL(req.url);
      const why = verifySigV4(
        { method: req.method, path: u.pathname, query: u.search, headers, body: raw },
        opts.credentials,
      );
      if (why)
        return awsError(
          rec,
          403,
          'InvalidSignatureException',
          `The request signature we calculated does not match the signature you provided (${why}).`,
        );
    }

    const fail =
      failures.shift() ?? (control.take('http5xx') ? { status: 500, errorType: 'ServiceFailureException' } : null);
    if (fail) return awsError(rec, fail.status, fail.errorType, 'The fake was told to fail this request.');
    if (hanging || control.take('stall')) {
      // Never answers; the client must give up.
      await new Promise<void>((resolve) => req.signal.addEventListener('abort', () => resolve(), { once: true }));
      return new Response(null, { status: 499 });
    }

    if (!body) return awsError(rec, 400, 'SerializationException', 'Request body is not valid JSON');
    const {
      Text,
      OutputFormat,
      VoiceId,
      Engine = 'standard',
      TextType = 'text',
    } = body as Record<string, string | undefined>;
    if (typeof Text !== 'string' || typeof OutputFormat !== 'string' || typeof VoiceId !== 'string') {
      return awsError(rec, 400, 'ValidationException', 'Text, OutputFormat and VoiceId are required');
    }
    if (!FORMATS.has(OutputFormat))
      return awsError(
        rec,
        400,
        'ValidationException',
        `1 validation error detected: Value '${OutputFormat}' at 'outputFormat' failed to satisfy constraint`,
      );
    const engines = VOICES[VoiceId];
    if (!engines)
      return awsError(
        rec,
        400,
        'ValidationException',
        `1 validation error detected: Value '${VoiceId}' at 'voiceId' failed to satisfy constraint`,
      );
    if (!engines.has(Engine))
      return awsError(
        rec,
        400,
        'EngineNotSupportedException',
        `This voice does not support the selected engine: ${Engine}`,
      );
    const rate =
      (body.SampleRate as string | undefined) ??
      (OutputFormat === 'pcm' ? '16000' : OutputFormat === 'mulaw' || OutputFormat === 'alaw' ? '8000' : '24000');
    if (typeof rate !== 'string' || !(RATES[OutputFormat] ?? []).includes(rate))
      return awsError(
        rec,
        400,
        'InvalidSampleRateException',
        `Invalid sample rate ${String(rate)} for ${OutputFormat}`,
      );
    if (OutputFormat !== 'pcm')
      return awsError(rec, 400, 'ValidationException', `the fake only produces pcm (asked for ${OutputFormat})`);
    if (TextType !== 'text' && TextType !== 'ssml')
      return awsError(rec, 400, 'ValidationException', `bad TextType ${TextType}`);
    if (Text.length > 6000)
      return awsError(rec, 400, 'TextLengthExceededException', 'Maximum text length has been exceeded');
    let spoken = Text;
    if (TextType === 'ssml') {
      const parsed = parseSsml(Text);
      if ('error' in parsed) return awsError(rec, 400, 'InvalidSsmlException', `Invalid SSML request: ${parsed.error}`);
      spoken = parsed.text;
    }
    if (spoken.length > 3000)
      return awsError(rec, 400, 'TextLengthExceededException', 'Maximum text length has been exceeded');

    const pcm = synthesizePcm(spoken, Number(rate), msPerChar);
    rec.characters = spoken.length;
    rec.bytesPlanned = pcm.length;
    rec.status = 200;
    const drop = control.take('dropMidStream');
    const dropAfter = drop ? (drop.dropAfter ?? chunkBytes) : Infinity;
    const stream = new ReadableStream<Uint8Array>({
      async start(ctrl) {
        try {
          await sleep(control.firstByteDelayMs(), req.signal);
          for (let off = 0; off < pcm.length; off += chunkBytes) {
            if (req.signal.aborted) return;
            if (off >= dropAfter) {
              // The connection breaks part-way through the audio.
              ctrl.error(new Error('connection reset by the fake'));
              return;
            }
            const part = pcm.subarray(off, Math.min(pcm.length, off + chunkBytes));
            ctrl.enqueue(part.slice());
            rec.bytesSent += part.length;
            if (off + chunkBytes < pcm.length)
              await sleep(control.paceMs(part.length, control.profile.throughputBytesPerSec) || 0, req.signal);
            // Let the socket drain between chunks, as a real network would.
            await new Promise((r) => setTimeout(r, 0));
          }
          rec.completed = !rec.aborted;
          ctrl.close();
        } catch {
          markAborted(rec);
        }
      },
      cancel() {
        markAborted(rec);
      },
    });
    return new Response(stream, {
      headers: {
        'content-type': 'audio/pcm',
        'x-amzn-requestcharacters': String(spoken.length),
        'x-amzn-requestid': requestId(),
      },
    });
  }

  async function controlRoute(req: Request, path: string): Promise<Response> {
    const shared = await handleControlRequest(control, req, path, {
      failNext: (times, status, errorType) => api.failNext(times, status, errorType),
      hang: (on) => api.hang(on),
    });
    if (shared) return shared;
    return Response.json({ error: 'unknown control route' }, { status: 404 });
  }

  const server = Bun.serve({
    port: opts.port ?? 0,
    hostname: '127.0.0.1',
    idleTimeout: 0,
    async fetch(req) {
      const path = new URL(req.url).pathname;
      if (path.startsWith('/__control/')) return controlRoute(req, path);
      if (path === '/v1/speech' && req.method === 'POST') return speech(req);
      return awsError(null, 404, 'UnknownOperationException', `${req.method} ${path}`);
    },
  });

  const port = server.port as number;
  const waitFor = (pred: () => boolean, ms: number): Promise<boolean> => waitUntil(pred, waiters, ms);
  const api: FakePolly = {
    url: `http://127.0.0.1:${port}`,
    port,
    control,
    requests,
    failNext(times, status, errorType) {
      for (let i = 0; i < times; i++)
        failures.push({ status, errorType: errorType ?? ERROR_FOR_STATUS[status] ?? 'ServiceFailureException' });
    },
    hang(on) {
      hanging = on;
    },
    waitForAbort: (ms = WAIT_MS) => waitFor(() => requests.some((r) => r.aborted), ms),
    waitForRequests: (n, ms = WAIT_MS) => waitFor(() => requests.length >= n, ms),
    async close() {
      hanging = false;
      await server.stop(true);
    },
    [Symbol.asyncDispose]() {
      return api.close();
    },
  };
  return api;
}
