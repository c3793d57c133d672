// Plays Twilio's side of a call against our server: the signed voice webhook, then the Media
// Streams WebSocket (connected → start → media… → stop), with a playout model of Twilio's buffer:
// our outbound audio "plays" at 8 kHz (optionally compressed by timeScale), marks are echoed
// when the audio before them has played, and `clear` empties the buffer and echoes pending marks.
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

export const FRAME_BYTES = 160;

export interface CallerOptions {
  serverUrl: string;
  to: string;
  from?: string;
  callSid?: string;
  /** Signs the webhook like Twilio does. */
  authToken?: string;
  /** Playback speed of Twilio's buffer model; Infinity plays instantly. */
  timeScale?: number;
  /** Extra form fields for the webhook (simulation parameters). */
  extraForm?: Record<string, string>;
  /** Overrides the signature header (a forged request). */
  signature?: string;
}

export interface WebhookAnswer {
  status: number;
  twiml: string;
  streamUrl: string | null;
  parameters: Record<string, string>;
}

export function randomSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

export function signTwilio(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

export async function postWebhook(
  opts: CallerOptions,
  path = '/voice/incoming',
  fields?: Record<string, string>,
): Promise<WebhookAnswer> {
  const callSid = opts.callSid ?? randomSid('CA');
  const from = opts.from ?? '+15125550123';
  const params: Record<string, string> = fields ?? {
    AccountSid: `AC${'0'.repeat(32)}`,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: 'ringing',
    Called: opts.to,
    Caller: from,
    Direction: 'inbound',
    From: from,
    To: opts.to,
    ...opts.extraForm,
  };
  const url = `${opts.serverUrl}${path}`;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (opts.signature !== undefined) headers['x-twilio-signature'] = opts.signature;
  else if (opts.authToken) headers['x-twilio-signature'] = signTwilio(opts.authToken, url, params);
  const res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  const twiml = await res.text();
  const streamUrl = /<Stream[^>]*\surl="([^"]+)"/.exec(twiml)?.[1] ?? null;
  const parameters: Record<string, string> = {};
  for (const m of twiml.matchAll(/<Parameter name="([^"]+)" value="([^"]*)"\/>/g))
    parameters[m[1]!] = unescapeXml(m[2]!);
  return { status: res.status, twiml, streamUrl: streamUrl ? unescapeXml(streamUrl) : null, parameters };
}

function unescapeXml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

type QueueItem = { kind: 'audio'; bytes: Uint8Array } | { kind: 'mark'; name: string };

export interface PlayoutStats {
  /** Moments a sentence had started playing but its next audio had not arrived. */
  gaps: number;
  gapMs: number;
  bytesPlayed: number;
  bytesReceived: number;
  partialFrames: number;
  clears: number;
  marksEchoed: number;
}

/** One Media Streams connection as Twilio makes it. */
export class TwilioMediaStream {
  readonly streamSid = randomSid('MZ');
  readonly received: Uint8Array[] = [];
  readonly marks: string[] = [];
  readonly protocolErrors: string[] = [];
  readonly stats: PlayoutStats = {
    gaps: 0,
    gapMs: 0,
    bytesPlayed: 0,
    bytesReceived: 0,
    partialFrames: 0,
    clears: 0,
    marksEchoed: 0,
  };
  private ws!: WebSocket;
  private seq = 0;
  private chunk = 0;
  private mediaTimestamp = 0;
  private queue: QueueItem[] = [];
  private queuedBytes = 0;
  private playTimer: ReturnType<typeof setTimeout> | null = null;
  private lastPlayAt = 0;
  private inSentence = false;
  private gapStartedAt: number | null = null;
  private markWaiters: Array<{ name: string | null; resolve: (name: string) => void }> = [];
  private closedInfo: { code: number; reason: string } | null = null;
  private closeWaiters: Array<(info: { code: number; reason: string }) => void> = [];
  private messageWaiters = new Set<() => void>();
  /** Called for every outbound media message (timing probes). */
  onMedia: ((bytes: Uint8Array, at: number) => void) | null = null;
  onClear: (() => void) | null = null;

  constructor(
    readonly callSid: string,
    private readonly timeScale: number = Number.POSITIVE_INFINITY,
  ) {}

  async open(
    url: string,
    parameters: Record<string, string>,
    opts: { headers?: Record<string, string> } = {},
  ): Promise<void> {
    const wsUrl = url;
    // Bun's WebSocket takes request headers as a second-argument option.
    this.ws = opts.headers
      ? new WebSocket(wsUrl, { headers: opts.headers } as unknown as string[])
      : new WebSocket(wsUrl);
    await new Promise<void>((resolve, reject) => {
      this.ws.onopen = () => resolve();
      this.ws.onerror = () => reject(new Error(`could not open ${wsUrl}`));
    });
    this.ws.onmessage = (ev) => {
      this.onMessage(ev.data);
      for (const w of [...this.messageWaiters]) w();
    };
    this.ws.onclose = (ev) => {
      this.closedInfo = { code: ev.code, reason: ev.reason };
      for (const w of this.closeWaiters.splice(0)) w(this.closedInfo);
    };
    this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    this.send({
      event: 'start',
      sequenceNumber: String(++this.seq),
      start: {
        accountSid: `AC${'0'.repeat(32)}`,
        streamSid: this.streamSid,
        callSid: this.callSid,
        tracks: ['inbound'],
        customParameters: parameters,
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
      streamSid: this.streamSid,
    });
  }

  send(msg: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  sendRaw(data: string | Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  /** Sends caller audio as 20 ms media messages. */
  sendAudio(mulaw: Uint8Array): void {
    for (let o = 0; o < mulaw.length; o += FRAME_BYTES) {
      const frame = mulaw.subarray(o, Math.min(mulaw.length, o + FRAME_BYTES));
      this.send({
        event: 'media',
        sequenceNumber: String(++this.seq),
        media: {
          track: 'inbound',
          chunk: String(++this.chunk),
          timestamp: String(this.mediaTimestamp),
          payload: Buffer.from(frame).toString('base64'),
        },
        streamSid: this.streamSid,
      });
      this.mediaTimestamp += 20;
    }
  }

  sendDtmf(digit: string): void {
    this.send({
      event: 'dtmf',
      streamSid: this.streamSid,
      sequenceNumber: String(++this.seq),
      dtmf: { track: 'inbound_track', digit },
    });
  }

  stop(): void {
    this.send({
      event: 'stop',
      sequenceNumber: String(++this.seq),
      stop: { accountSid: `AC${'0'.repeat(32)}`, callSid: this.callSid },
      streamSid: this.streamSid,
    });
    setTimeout(() => this.ws.close(1000, 'stop'), 5);
  }

  close(): void {
    this.ws.close(1000);
  }

  get isClosed(): boolean {
    return this.closedInfo !== null;
  }

  waitClosed(): Promise<{ code: number; reason: string }> {
    if (this.closedInfo) return Promise.resolve(this.closedInfo);
    return new Promise((r) => this.closeWaiters.push(r));
  }

  /** Resolves once `ready()` holds, re-checked after every message from the server. */
  waitFor(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (!ready()) return;
        this.messageWaiters.delete(check);
        resolve();
      };
      this.messageWaiters.add(check);
    });
  }

  /** Resolves when a mark (a given one, or any) is echoed back to the server. */
  waitForMark(name: string | null = null): Promise<string> {
    return new Promise((resolve) => this.markWaiters.push({ name, resolve }));
  }

  /**
   * Resolves with the first mark echoed at or after position `from` of `marks` that passes `test`.
   * Unlike waitForMark, marks echoed in one burst (a sentence's mark and the reply's end mark
   * played out together) are never missed between two waits.
   */
  waitForMarkFrom(from: number, test: (name: string) => boolean): Promise<string> {
    const seen = this.marks.slice(from).find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const check = (): void => {
        const hit = this.marks.slice(from).find(test);
        if (hit === undefined) this.markWaiters.push({ name: null, resolve: check });
        else resolve(hit);
      };
      this.markWaiters.push({ name: null, resolve: check });
    });
  }

  /**
   * How the reply now being sent ends: its end mark (`…end`) echoed after playing, the stream
   * closed (we hung up), or nothing within `timeoutMs`. Counts marks from the moment of the call.
   */
  waitForReplyEnd(timeoutMs: number): Promise<'end' | 'closed' | 'timeout'> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    return Promise.race([
      this.waitForMarkFrom(this.marks.length, (m) => m.endsWith('.end')).then(() => 'end' as const),
      this.waitClosed().then(() => 'closed' as const),
      timeout,
    ]).finally(() => clearTimeout(timer));
  }

  /** All audio received so far, concatenated. */
  audio(): Uint8Array {
    return Buffer.concat(this.received);
  }

  /** True while outbound audio is queued (playing) at "Twilio". */
  get playing(): boolean {
    return this.queue.length > 0;
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') {
      this.protocolErrors.push('31950 binary frame');
      return;
    }
    let msg: { event?: string; streamSid?: string; media?: { payload?: string }; mark?: { name?: string } };
    try {
      msg = JSON.parse(data);
    } catch {
      this.protocolErrors.push('31951 not JSON');
      return;
    }
    if (msg.streamSid !== this.streamSid) {
      this.protocolErrors.push(`31951 wrong streamSid on ${msg.event}`);
      return;
    }
    switch (msg.event) {
      case 'media': {
        const bytes = new Uint8Array(Buffer.from(msg.media?.payload ?? '', 'base64'));
        if (bytes.length % FRAME_BYTES !== 0) this.stats.partialFrames++;
        this.stats.bytesReceived += bytes.length;
        this.received.push(bytes);
        this.onMedia?.(bytes, performance.now());
        this.enqueue({ kind: 'audio', bytes });
        return;
      }
      case 'mark':
        this.enqueue({ kind: 'mark', name: msg.mark?.name ?? '' });
        return;
      case 'clear': {
        this.stats.clears++;
        const pending = this.queue.filter((q): q is Extract<QueueItem, { kind: 'mark' }> => q.kind === 'mark');
        this.queue = [];
        this.queuedBytes = 0;
        this.inSentence = false;
        this.gapStartedAt = null;
        this.onClear?.();
        for (const m of pending) this.echo(m.name);
        return;
      }
      default:
        this.protocolErrors.push(`31951 unknown event ${String(msg.event)}`);
    }
  }

  private enqueue(item: QueueItem): void {
    const now = performance.now();
    if (this.queue.length === 0) this.lastPlayAt = now;
    if (item.kind === 'audio') {
      if (this.gapStartedAt !== null) {
        this.stats.gaps++;
        this.stats.gapMs += now - this.gapStartedAt;
        this.gapStartedAt = null;
      }
      this.inSentence = true;
      this.queuedBytes += item.bytes.length;
    }
    this.queue.push(item);
    this.play();
  }

  /** Advances the playout model to now and schedules the next step. */
  private play(): void {
    if (this.playTimer) {
      clearTimeout(this.playTimer);
      this.playTimer = null;
    }
    const now = performance.now();
    let budget = Number.isFinite(this.timeScale)
      ? Math.floor((now - this.lastPlayAt) * 8 * this.timeScale)
      : Number.POSITIVE_INFINITY;
    this.lastPlayAt = now;
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.kind === 'mark') {
        this.queue.shift();
        this.inSentence = false;
        this.echo(head.name);
        continue;
      }
      if (budget <= 0) break;
      const n = Math.min(budget, head.bytes.length);
      this.stats.bytesPlayed += n;
      this.queuedBytes -= n;
      budget -= n;
      if (n === head.bytes.length) this.queue.shift();
      else head.bytes = head.bytes.subarray(n);
    }
    if (this.queue.length === 0 && this.inSentence && this.gapStartedAt === null) this.gapStartedAt = now;
    if (this.queue.length > 0 && this.queuedBytes > 0) {
      const ms = Math.max(1, Math.min(20, this.queuedBytes / 8 / this.timeScale));
      this.playTimer = setTimeout(() => this.play(), ms);
    }
  }

  private echo(name: string): void {
    this.stats.marksEchoed++;
    this.marks.push(name);
    this.send({ event: 'mark', sequenceNumber: String(++this.seq), streamSid: this.streamSid, mark: { name } });
    const waiters = this.markWaiters;
    this.markWaiters = [];
    for (const w of waiters) {
      if (w.name === null || w.name === name) w.resolve(name);
      else this.markWaiters.push(w);
    }
  }
}

export interface PlacedCall {
  answer: WebhookAnswer;
  stream: TwilioMediaStream;
  callSid: string;
}

/** Webhook, then the media stream on the URL the TwiML named (pointed at our server). */
export async function placeCall(opts: CallerOptions): Promise<PlacedCall> {
  const callSid = opts.callSid ?? randomSid('CA');
  const answer = await postWebhook({ ...opts, callSid });
  if (answer.status !== 200 || !answer.streamUrl)
    throw new Error(`webhook did not answer with a stream: ${answer.status} ${answer.twiml.slice(0, 200)}`);
  const path = new URL(answer.streamUrl).pathname;
  const stream = new TwilioMediaStream(callSid, opts.timeScale ?? Number.POSITIVE_INFINITY);
  await stream.open(`${opts.serverUrl.replace(/^http/, 'ws')}${path}`, answer.parameters);
  return { answer, stream, callSid };
}
