// Plays Telnyx's side of an inbound Call Control call against our server: the Ed25519-signed
// `call.initiated` webhook, then — once our server has sent `answer` with a `stream_url` to the
// fake REST API — the media stream WebSocket (connected → start → media… → stop) opened on that
// URL. Outbound audio goes through the same playout model as the Twilio fake: marks are echoed
// when the audio before them has played, `clear` empties the buffer and echoes pending marks.
// Without `stream_bidirectional_mode: "rtp"` in the answer, audio we send is dropped, as Telnyx
// does. Our `hangup`/`transfer` commands stop the stream and close the socket.
import { generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { FakeTelnyxCommand, FakeTelnyxRest } from './telnyx-rest.ts';
import { PlayoutBuffer, type PlayoutStats } from './playout-buffer.ts';

export const FRAME_BYTES = 160;

/** An account key pair: the server is configured with `publicKeyBase64` (TELNYX_PUBLIC_KEY). */
export interface TelnyxSigner {
  readonly publicKeyBase64: string;
  readonly privateKey: KeyObject;
  /** Base64 Ed25519 signature over `${timestamp}|${body}`. */
  sign(timestamp: string, body: string): string;
}

export function createTelnyxSigner(): TelnyxSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The portal shows the raw 32-byte key; SPKI DER is a 12-byte prefix plus those bytes.
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  return {
    publicKeyBase64: raw.toString('base64'),
    privateKey,
    sign: (timestamp, body) => sign(null, Buffer.from(`${timestamp}|${body}`, 'utf8'), privateKey).toString('base64'),
  };
}

export function randomCallControlId(): string {
  return `v3:${randomBytes(36).toString('base64url')}`;
}

export interface CallInitiatedInput {
  callControlId: string;
  from: string | null;
  to: string;
  direction?: 'incoming' | 'outgoing';
  deliveredTo?: string;
}

/** A `call.initiated` delivery shaped like a captured real one. */
export function callInitiatedBody(input: CallInitiatedInput): string {
  const now = new Date().toISOString();
  return JSON.stringify({
    data: {
      event_type: 'call.initiated',
      id: randomUUID(),
      occurred_at: now,
      payload: {
        call_control_id: input.callControlId,
        call_leg_id: randomUUID(),
        call_session_id: randomUUID(),
        caller_id_name: input.from ?? 'Anonymous',
        calling_party_type: 'pstn',
        client_state: null,
        connection_codecs: 'PCMA,PCMU',
        connection_id: '2811212257810187875',
        direction: input.direction ?? 'incoming',
        from: input.from,
        offered_codecs: 'PCMU,G729',
        start_time: now,
        state: 'parked',
        to: input.to,
      },
      record_type: 'event',
    },
    meta: { attempt: 1, delivered_to: input.deliveredTo ?? '' },
  });
}

/** A `call.hangup` delivery (the caller hung up). */
export function callHangupBody(callControlId: string, cause = 'normal_clearing'): string {
  return JSON.stringify({
    data: {
      event_type: 'call.hangup',
      id: randomUUID(),
      occurred_at: new Date().toISOString(),
      payload: { call_control_id: callControlId, hangup_cause: cause, hangup_source: 'caller', client_state: null },
      record_type: 'event',
    },
    meta: { attempt: 1 },
  });
}

export interface WebhookPostOptions {
  /** Omit to send the webhook unsigned. */
  signer?: TelnyxSigner;
  /** Unix seconds; default now. */
  timestamp?: string;
  /** Replaces the computed signature (a forged delivery). */
  signature?: string;
  /** Extra headers (simulation parameters such as x-simulated-now). */
  headers?: Record<string, string>;
}

export async function postTelnyxWebhook(url: string, body: string, o: WebhookPostOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
  const timestamp = o.timestamp ?? String(Math.floor(Date.now() / 1000));
  if (o.signer || o.signature !== undefined) {
    headers['telnyx-timestamp'] = timestamp;
    headers['telnyx-signature-ed25519'] = o.signature ?? o.signer!.sign(timestamp, body);
  }
  return fetch(url, { method: 'POST', headers, body });
}

export interface StreamOpenOptions {
  callControlId: string;
  from: string | null;
  to: string;
  clientState: string | null;
  customParameters?: Record<string, string>;
  /** False when the answer asked for no bidirectional RTP: our audio is then dropped. */
  bidirectional: boolean;
}

/** One media streaming connection as Telnyx makes it. */
export class TelnyxMediaStream {
  readonly streamId = randomUUID();
  readonly received: Uint8Array[] = [];
  readonly marks: string[] = [];
  readonly protocolErrors: string[] = [];
  /** Media frames we sent while the stream was not bidirectional. */
  droppedMedia = 0;
  onMedia: ((bytes: Uint8Array, at: number) => void) | null = null;
  onClear: (() => void) | null = null;
  private ws!: WebSocket;
  private seq = 0;
  private chunk = 0;
  private mediaTimestamp = 0;
  private bidirectional = true;
  private stopped = false;
  private readonly playout: PlayoutBuffer;
  private markWaiters: Array<(name: string) => void> = [];
  private closedInfo: { code: number; reason: string } | null = null;
  private closeWaiters: Array<(info: { code: number; reason: string }) => void> = [];

  constructor(
    readonly callControlId: string,
    timeScale: number = Number.POSITIVE_INFINITY,
  ) {
    this.playout = new PlayoutBuffer((name) => this.echo(name), timeScale);
  }

  get stats(): PlayoutStats {
    return this.playout.stats;
  }

  /** True while outbound audio is queued (playing) at "Telnyx". */
  get playing(): boolean {
    return this.playout.playing;
  }

  get isClosed(): boolean {
    return this.closedInfo !== null;
  }

  async open(url: string, o: StreamOpenOptions): Promise<void> {
    this.bidirectional = o.bidirectional;
    this.ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      this.ws.onopen = () => resolve();
      this.ws.onerror = () => reject(new Error(`could not open ${url}`));
    });
    this.ws.onmessage = (ev) => this.onMessage(ev.data);
    this.ws.onclose = (ev) => {
      this.closedInfo = { code: ev.code, reason: ev.reason };
      this.playout.dispose();
      for (const w of this.closeWaiters.splice(0)) w(this.closedInfo);
    };
    this.send({ event: 'connected', version: '1.0.0' });
    this.send({
      event: 'start',
      sequence_number: String(++this.seq),
      stream_id: this.streamId,
      start: {
        user_id: randomUUID(),
        call_control_id: o.callControlId,
        call_session_id: randomUUID(),
        from: o.from,
        to: o.to,
        tags: [],
        client_state: o.clientState,
        custom_parameters: o.customParameters ?? {},
        media_format: { encoding: 'PCMU', sample_rate: 8000, channels: 1 },
      },
    });
  }

  send(msg: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  sendRaw(data: string | Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  /** Caller audio as 20 ms media frames. */
  sendAudio(mulaw: Uint8Array): void {
    for (let o = 0; o < mulaw.length; o += FRAME_BYTES) {
      const frame = mulaw.subarray(o, Math.min(mulaw.length, o + FRAME_BYTES));
      this.send({
        event: 'media',
        sequence_number: String(++this.seq),
        media: {
          track: 'inbound',
          chunk: String(++this.chunk),
          timestamp: String(this.mediaTimestamp),
          payload: Buffer.from(frame).toString('base64'),
        },
        stream_id: this.streamId,
      });
      this.mediaTimestamp += 20;
    }
  }

  sendDtmf(digit: string): void {
    this.send({
      event: 'dtmf',
      stream_id: this.streamId,
      occurred_at: new Date().toISOString(),
      sequence_number: String(++this.seq),
      dtmf: { digit },
    });
  }

  /** Telnyx ends the stream (the call ended): stop frame, then the socket closes. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.send({
      event: 'stop',
      sequence_number: String(++this.seq),
      stop: { user_id: randomUUID(), call_control_id: this.callControlId },
      stream_id: this.streamId,
    });
    setTimeout(() => this.ws.close(1000, 'stop'), 5);
  }

  close(): void {
    this.ws.close(1000);
  }

  waitClosed(): Promise<{ code: number; reason: string }> {
    if (this.closedInfo) return Promise.resolve(this.closedInfo);
    return new Promise((r) => this.closeWaiters.push(r));
  }

  /** Resolves with the first mark echoed at or after position `from` of `marks` that passes `test`. */
  waitForMarkFrom(from: number, test: (name: string) => boolean): Promise<string> {
    const seen = this.marks.slice(from).find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const check = (): void => {
        const hit = this.marks.slice(from).find(test);
        if (hit === undefined) this.markWaiters.push(check);
        else resolve(hit);
      };
      this.markWaiters.push(check);
    });
  }

  /** How the reply now being sent ends: its `….end` mark played, the stream closed, or a timeout. */
  waitForReplyEnd(timeoutMs: number): Promise<'end' | 'closed' | 'timeout'> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    return Promise.race([
      this.waitForMarkFrom(this.marks.length, (m) => m.endsWith('.end')).then(() => 'end' as const),
      this.waitClosed().then(() => 'closed' as const),
      timeout,
    ]).finally(() => clearTimeout(timer));
  }

  audio(): Uint8Array {
    return Buffer.concat(this.received);
  }

  /** Telnyx reports what it could not use with an error frame and carries on. */
  private protocolError(code: number, title: string, detail: string): void {
    this.protocolErrors.push(`${title}: ${detail}`);
    const seq = String(++this.seq);
    this.send({ event: 'error', sequence_number: seq, stream_id: this.streamId, payload: { code, title, detail } });
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') {
      this.protocolError(100003, 'malformed_frame', 'binary frame');
      return;
    }
    let msg: { event?: unknown; media?: { payload?: unknown }; mark?: { name?: unknown } };
    try {
      msg = JSON.parse(data) as typeof msg;
    } catch {
      this.protocolError(100003, 'malformed_frame', 'not JSON');
      return;
    }
    switch (msg.event) {
      case 'media': {
        const payload = msg.media?.payload;
        if (typeof payload !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) {
          this.protocolError(100004, 'invalid_media', 'media.payload is not base64');
          return;
        }
        if (!this.bidirectional) {
          this.droppedMedia++;
          return;
        }
        const bytes = new Uint8Array(Buffer.from(payload, 'base64'));
        this.received.push(bytes);
        this.onMedia?.(bytes, performance.now());
        this.playout.audio(bytes);
        return;
      }
      case 'mark': {
        const name = msg.mark?.name;
        if (typeof name !== 'string' || name === '') {
          this.protocolError(100003, 'malformed_frame', 'mark.name missing');
          return;
        }
        this.playout.mark(name);
        return;
      }
      case 'clear':
        this.onClear?.();
        this.playout.clear();
        return;
      default:
        this.protocolError(100003, 'malformed_frame', `unknown event ${String(msg.event).slice(0, 32)}`);
    }
  }

  private echo(name: string): void {
    this.marks.push(name);
    this.send({ event: 'mark', sequence_number: String(++this.seq), stream_id: this.streamId, mark: { name } });
    for (const w of this.markWaiters.splice(0)) w(name);
  }
}

export interface TelnyxCallOptions {
  /** Our server's origin; the stream URL's path and query are replayed against it. */
  serverUrl: string;
  rest: FakeTelnyxRest;
  signer?: TelnyxSigner;
  to: string;
  from?: string | null;
  callControlId?: string;
  webhookPath?: string;
  timeScale?: number;
  /** How long to wait for our `answer` command. */
  answerTimeoutMs?: number;
  /** Extra headers on the call.initiated delivery (simulation parameters). */
  headers?: Record<string, string>;
}

export interface PlacedTelnyxCall {
  callControlId: string;
  webhookStatus: number;
  answer: FakeTelnyxCommand;
  stream: TelnyxMediaStream;
  /** The caller hangs up: stream stop, then a signed call.hangup webhook. */
  hangUp(): Promise<Response>;
}

/** Webhook, our answer command, then the media stream on the URL the answer named. */
export async function placeTelnyxCall(o: TelnyxCallOptions): Promise<PlacedTelnyxCall> {
  const callControlId = o.callControlId ?? randomCallControlId();
  const from = o.from === undefined ? '+15125550123' : o.from;
  const webhookUrl = `${o.serverUrl}${o.webhookPath ?? '/telnyx/voice'}`;
  o.rest.registerCall(callControlId);
  const body = callInitiatedBody({ callControlId, from, to: o.to, deliveredTo: webhookUrl });
  const res = await postTelnyxWebhook(webhookUrl, body, {
    ...(o.signer ? { signer: o.signer } : {}),
    ...(o.headers ? { headers: o.headers } : {}),
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`webhook refused: ${res.status}`);
  const answer = await o.rest.waitForCommand(
    (c) => c.callControlId === callControlId && c.action === 'answer' && c.executed,
    o.answerTimeoutMs ?? 2000,
  );
  if (!answer) throw new Error('the call was not answered');
  const streamUrl = answer.body.stream_url;
  if (typeof streamUrl !== 'string') throw new Error('answered without a stream_url');
  const target = new URL(streamUrl);
  const stream = new TelnyxMediaStream(callControlId, o.timeScale ?? Number.POSITIVE_INFINITY);
  const unsubscribe = o.rest.onCommand((cmd) => {
    if (cmd.callControlId !== callControlId) return;
    if (cmd.action === 'hangup' || cmd.action === 'transfer') stream.stop();
  });
  void stream.waitClosed().then(unsubscribe);
  await stream.open(`${o.serverUrl.replace(/^http/, 'ws')}${target.pathname}${target.search}`, {
    callControlId,
    from,
    to: o.to,
    clientState: typeof answer.body.client_state === 'string' ? answer.body.client_state : null,
    bidirectional: answer.body.stream_bidirectional_mode === 'rtp',
  });
  return {
    callControlId,
    webhookStatus: res.status,
    answer,
    stream,
    async hangUp() {
      o.rest.endCall(callControlId);
      stream.stop();
      return postTelnyxWebhook(webhookUrl, callHangupBody(callControlId), o.signer ? { signer: o.signer } : {});
    },
  };
}
