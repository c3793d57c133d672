// Plays Twilio's side of a call against our server: the signed voice webhook, then the Media
// Streams WebSocket (connected → start → media… → stop), with Twilio's buffer modelled by the
// playout buffer both simulated carriers share (marks echoed once their audio has played, clear
// echoing the pending ones).
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { PlayoutBuffer, type PlayoutStats, type TickDriver } from './playout-buffer.ts';

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
  /** Plays out on this shared tick instead of timers of its own (many calls in one process). */
  tick?: TickDriver;
}

/** Base64 of each 20 ms frame of `mulaw` (the last padded with line silence), to send many times. */
export function encodeFrames(mulaw: Uint8Array): string[] {
  const out: string[] = [];
  for (let o = 0; o < mulaw.length; o += FRAME_BYTES) {
    const f = new Uint8Array(FRAME_BYTES).fill(0xff);
    f.set(mulaw.subarray(o, Math.min(mulaw.length, o + FRAME_BYTES)));
    out.push(Buffer.from(f).toString('base64'));
  }
  return out;
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

/** TwiML attribute text back to its characters. */
export function unescapeXml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export type { PlayoutStats };

/** One Media Streams connection as Twilio makes it. */
export class TwilioMediaStream {
  readonly streamSid = randomSid('MZ');
  readonly received: Uint8Array[] = [];
  readonly marks: string[] = [];
  readonly protocolErrors: string[] = [];
  private ws!: WebSocket;
  private seq = 0;
  private chunk = 0;
  private mediaTimestamp = 0;
  private markWaiters: Array<{ name: string | null; resolve: (name: string) => void }> = [];
  private closedInfo: { code: number; reason: string } | null = null;
  private closeWaiters: Array<(info: { code: number; reason: string }) => void> = [];
  private messageWaiters = new Set<() => void>();
  /** Called for every outbound media message (timing probes). */
  onMedia: ((bytes: Uint8Array, at: number) => void) | null = null;
  onClear: (() => void) | null = null;

  /** Media messages whose audio was not whole 20 ms frames. */
  private partialFrames = 0;
  private readonly playout: PlayoutBuffer;

  constructor(
    readonly callSid: string,
    timeScale: number = Number.POSITIVE_INFINITY,
    tick?: TickDriver,
  ) {
    this.playout = new PlayoutBuffer((name) => this.echo(name), timeScale, undefined, tick ?? null);
  }

  get stats(): PlayoutStats & { partialFrames: number } {
    return { ...this.playout.stats, partialFrames: this.partialFrames };
  }

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
      this.playout.dispose();
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

  /**
   * Sends one 20 ms frame already encoded as base64 (see encodeFrames): the message is built by
   * concatenation, byte for byte what sendAudio would send, without a JSON or base64 encode.
   */
  sendEncodedFrame(payload: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(
      `{"event":"media","sequenceNumber":"${++this.seq}","media":{"track":"inbound","chunk":"${++this.chunk}",` +
        `"timestamp":"${this.mediaTimestamp}","payload":"${payload}"},"streamSid":"${this.streamSid}"}`,
    );
    this.mediaTimestamp += 20;
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

  /** The last mark echoed back to the server. */
  get lastMark(): string | null {
    return this.marks.at(-1) ?? null;
  }

  /** All audio received so far, concatenated. */
  audio(): Uint8Array {
    return Buffer.concat(this.received);
  }

  /** True while outbound audio is queued (playing) at "Twilio". */
  get playing(): boolean {
    return this.playout.playing;
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
        if (bytes.length % FRAME_BYTES !== 0) this.partialFrames++;
        this.received.push(bytes);
        this.onMedia?.(bytes, performance.now());
        this.playout.audio(bytes);
        return;
      }
      case 'mark':
        this.playout.mark(msg.mark?.name ?? '');
        return;
      case 'clear': {
        this.onClear?.();
        this.playout.clear();
        return;
      }
      default:
        this.protocolErrors.push(`31951 unknown event ${String(msg.event)}`);
    }
  }

  private echo(name: string): void {
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

/** The stream a TwiML answer connects (Twilio running `<Connect><Stream>`), or null if it has none. */
export async function connectFromTwiml(
  serverUrl: string,
  callSid: string,
  twiml: string,
  timeScale = Number.POSITIVE_INFINITY,
): Promise<TwilioMediaStream | null> {
  const url = /<Stream[^>]*\surl="([^"]+)"/.exec(twiml)?.[1];
  if (!url) return null;
  const parameters: Record<string, string> = {};
  for (const m of twiml.matchAll(/<Parameter name="([^"]+)" value="([^"]*)"\/>/g))
    parameters[m[1]!] = unescapeXml(m[2]!);
  const stream = new TwilioMediaStream(callSid, timeScale);
  await stream.open(`${serverUrl.replace(/^http/, 'ws')}${new URL(unescapeXml(url)).pathname}`, parameters);
  return stream;
}

/** Webhook, then the media stream on the URL the TwiML named (pointed at our server). */
export async function placeCall(opts: CallerOptions): Promise<PlacedCall> {
  const callSid = opts.callSid ?? randomSid('CA');
  const answer = await postWebhook({ ...opts, callSid });
  if (answer.status !== 200 || !answer.streamUrl)
    throw new Error(`webhook did not answer with a stream: ${answer.status} ${answer.twiml.slice(0, 200)}`);
  const path = new URL(answer.streamUrl).pathname;
  const stream = new TwilioMediaStream(callSid, opts.timeScale ?? Number.POSITIVE_INFINITY, opts.tick);
  await stream.open(`${opts.serverUrl.replace(/^http/, 'ws')}${path}`, answer.parameters);
  return { answer, stream, callSid };
}
