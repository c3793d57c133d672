// What a phone carrier is to the server: it posts webhooks about calls, is told how to answer
// them, opens a media stream per call and takes commands to hang up or transfer. Everything past
// this interface (admission, the media socket's guards, the call) is carrier-neutral.
/** The audio a stream carries. The call speaks μ-law 8 kHz mono; anything else is converted at the edge. */
export interface AudioFormat {
  encoding: 'mulaw' | 'alaw' | 'l16' | 'other';
  sampleRate: number;
  channels: number;
}

export const MULAW_8K: AudioFormat = { encoding: 'mulaw', sampleRate: 8000, channels: 1 };

export const isMulaw8k = (f: AudioFormat): boolean =>
  f.encoding === 'mulaw' && f.sampleRate === 8000 && f.channels === 1;

/** A stream's opening: which call it belongs to and the parameters our answer gave it. */
export interface StreamStart {
  streamId: string;
  carrierCallId: string;
  /** Our answer's parameters (call id, single-use token…), however the carrier carried them back. */
  parameters: Record<string, string>;
  format: AudioFormat;
}

/** Carrier-neutral media stream events. `streamId` is null when the carrier does not repeat it. */
export type StreamEvent =
  | { kind: 'connected' }
  | { kind: 'start'; start: StreamStart }
  | { kind: 'media'; streamId: string | null; inbound: boolean; timestampMs: number; payload: Uint8Array }
  | { kind: 'mark'; streamId: string | null; name: string }
  | { kind: 'dtmf'; streamId: string | null; digit: string }
  | { kind: 'stop'; streamId: string | null }
  /** The carrier reports a problem with something we sent; the stream carries on. */
  | { kind: 'notice'; streamId: string | null; detail: string };

export type StreamDecodeError =
  | 'binary_frame'
  | 'too_large'
  | 'bad_json'
  | 'not_an_object'
  | 'unknown_event'
  | 'missing_field'
  | 'wrong_type'
  | 'bad_payload';

export type StreamDecodeResult =
  | { ok: true; event: StreamEvent }
  | { ok: false; error: StreamDecodeError; detail: string };

export type StreamCommand = { kind: 'media'; payload: Uint8Array } | { kind: 'mark'; name: string } | { kind: 'clear' };

/** One media stream's wire format: pure, one instance per connection. */
export interface MediaCodec {
  decode(data: string | ArrayBuffer | Uint8Array): StreamDecodeResult;
  encode(cmd: StreamCommand, streamId: string): string;
}

/** An incoming call, as the carrier's webhook described it. */
export interface IncomingCall {
  carrierCallId: string;
  from: string | null;
  to: string;
  /** Simulated calls only (ALLOW_SIMULATED_CLOCK): the instant the call's clock starts at. */
  simulatedNow?: number;
}

export type CallStatusUpdate = {
  carrierCallId: string;
  status: 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';
  durationSeconds: number | null;
};

/** What a verified webhook asks of us. */
export type WebhookEvent =
  | { kind: 'incoming'; call: IncomingCall }
  | { kind: 'status'; update: CallStatusUpdate }
  /** A transfer's dialled leg ended; `answered` false when busy, unanswered or failed. */
  | { kind: 'dialEnded'; carrierCallId: string; answered: boolean; status: string }
  /** The person answering a warm transfer is about to be connected: what should they hear? */
  | { kind: 'whisper'; carrierCallId: string }
  | { kind: 'ignored'; detail: string };

export type WebhookRead = { ok: true; event: WebhookEvent } | { ok: false; response: Response };

/** What the edge knows about a webhook request besides its body. */
export interface WebhookRequest {
  /** The route it arrived on (one of `webhookPaths`). */
  path: string;
  /** The URL the carrier called, rebuilt as public (PUBLIC_URL / forwarded headers). */
  publicUrl: string;
  headers: Headers;
  body: Uint8Array;
  contentType: string;
  /** Reject unsigned requests even when the carrier's secret is not configured. */
  requireSignatures: boolean;
  allowSimulatedClock: boolean;
  nowMs: number;
}

/** An answer the call layer has admitted: where its stream connects and what it must carry. */
export interface Admitted {
  callId: string;
  carrierCallId: string;
  /** ws(s):// URL of this carrier's media endpoint on our public origin. */
  streamUrl: string;
  parameters: Record<string, string>;
  /** True when the carrier asked about this call before and got this very answer. */
  repeat: boolean;
}

/** A live transfer: ring `to` showing `callerId`; where the carrier reports how the dial ended. */
export interface TransferRequest {
  to: string;
  /** The business number, shown to the person called. */
  callerId: string;
  timeoutSeconds: number;
  /** Called when the dialled leg ends (answered and over, busy, no answer, failed). */
  actionUrl: string;
  /** Warm transfer: what the person answering hears before being connected. */
  whisperUrl?: string;
}

export type ControlResult = { ok: true } | { ok: false; message: string; retryable: boolean };

export interface CarrierLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface Carrier {
  /** Stored with each call (calls.carrier) and used in logs and metrics. */
  readonly name: string;
  /** POST paths of its webhooks (the first one receives incoming calls). */
  readonly webhookPaths: readonly string[];
  /** Path of its media stream WebSocket. */
  readonly streamPath: string;
  /** Verifies a webhook (signature, replay) and parses it; a refusal carries its own response. */
  readWebhook(req: WebhookRequest): WebhookRead;
  /** Tells the carrier to connect the call to our stream. */
  answer(call: Admitted, log: CarrierLog): Response;
  /** Turns a call away politely (unknown number, draining, trouble). */
  refuse(carrierCallId: string, message: string, log: CarrierLog): Response;
  /** Why a stream upgrade is refused (signature), or null. The stream token is checked later. */
  verifyStreamUpgrade(req: Request, publicUrl: string, requireSignatures: boolean): Response | null;
  /** A codec for one stream; `upgradeUrl` is the URL the carrier opened the socket on. */
  openStream(upgradeUrl: string): MediaCodec;
  /** Whether closing the media socket ends the call (else `hangup` must be sent). */
  readonly socketCloseEndsCall: boolean;
  hangup(carrierCallId: string): Promise<ControlResult>;
  transfer(carrierCallId: string, req: TransferRequest): Promise<ControlResult>;
  /** Carriers whose transfer reports back (Twilio's Dial action): the answer that ends the call. */
  transferDone?(): Response;
  /** The words the person answering a warm transfer hears first. */
  whisper?(text: string): Response;
}
