// One carrier media stream connection: protocol order, limits and bookkeeping, whichever carrier
// it is. Decoding is the carrier codec's job, the conversation is the call session's; this only
// routes and guards.
import type { Logger } from '../log.ts';
import type { CallSessionHandle, EndReason, StreamCommands } from '../call/ports.ts';
import type { MediaCodec, StreamDecodeError, StreamEvent, StreamStart } from '../carriers/types.ts';
import type { TransferPlan } from '../dialogue/types.ts';

export type { CallSessionHandle, EndReason, StreamCommands };

/** Sends to the carrier and reports whether the socket took it. */
export interface SocketSink {
  send(text: string): boolean;
  close(code: number, reason: string): void;
}

export type StartVerdict =
  | {
      ok: true;
      open: (cmds: StreamCommands) => CallSessionHandle;
      /** Hands the call to a person at the carrier; resolves false when it could not. */
      transfer?: (plan: TransferPlan) => Promise<boolean>;
    }
  | { ok: false; reason: string };

export interface MediaSocketOptions {
  sink: SocketSink;
  /** The carrier's wire format for this stream. */
  codec: MediaCodec;
  log: Logger;
  /** Checks the stream belongs to a call our webhook answered, then opens its session. */
  accept(start: StreamStart): StartVerdict | Promise<StartVerdict>;
  /**
   * Ends the call at the carrier, for carriers where closing the socket does not (Telnyx): called
   * once when an accepted stream ends for any reason but the carrier's own stop.
   */
  endCall?: (carrierCallId: string) => Promise<unknown>;
  onMalformed?: (reason: StreamDecodeError | 'protocol') => void;
  maxMalformed?: number;
  maxMessagesPerSecond?: number;
  now?: () => number;
  /** A socket with no accepted `start` by then is closed (0 or unset: no deadline). */
  startTimeoutMs?: number;
  timers?: SocketTimers;
  /** The stream was accepted: the socket is no longer anonymous. */
  onStarted?: () => void;
}

/** setTimeout/clearTimeout, injectable so tests move time themselves. */
export interface SocketTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: SocketTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

type Phase = 'awaiting_start' | 'starting' | 'live' | 'stopped';

export class MediaSocket {
  private phase: Phase = 'awaiting_start';
  private streamSid = '';
  private carrierCallId = '';
  private session: CallSessionHandle | null = null;
  private ended = false;
  private windowStart = 0;
  private windowCount = 0;
  private startTimer: unknown = null;
  readonly counters = { messages: 0, media: 0, malformed: 0, rateLimited: 0 };

  constructor(private readonly opts: MediaSocketOptions) {
    const ms = opts.startTimeoutMs ?? 0;
    // An anonymous socket costs a slot in the pre-start cap: it gets a few seconds to say who it is.
    if (ms > 0) this.startTimer = (opts.timers ?? realTimers).setTimeout(() => this.startTimedOut(), ms);
  }

  /** Returns false once the socket has been closed for misbehaving. */
  handle(data: string | ArrayBuffer | Uint8Array): void {
    if (this.phase === 'stopped' && this.ended) {
      // Events after stop are harmless noise: count, never act.
      this.malformed('protocol', 'message after stop');
      return;
    }
    this.counters.messages++;
    if (this.rateLimited()) return;
    const result = this.opts.codec.decode(data);
    if (!result.ok) {
      this.malformed(result.error, result.detail);
      return;
    }
    this.dispatch(result.event);
  }

  /** The socket closed (the carrier hung up, network dropped, or we closed it). */
  async closed(): Promise<void> {
    await this.finish(this.phase === 'stopped' ? 'stop' : 'socket_closed');
  }

  /** Server drain or shutdown. */
  async shutdown(): Promise<void> {
    await this.finish('drain');
    this.opts.sink.close(1001, 'server shutting down');
  }

  get isLive(): boolean {
    return this.phase === 'live';
  }

  private dispatch(ev: StreamEvent): void {
    if (ev.kind === 'connected') return;
    if (this.phase === 'awaiting_start') {
      if (ev.kind !== 'start') {
        this.malformed('protocol', `${ev.kind} before start`);
        return;
      }
      this.phase = 'starting';
      this.streamSid = ev.start.streamId;
      void this.begin(ev.start);
      return;
    }
    if (ev.kind === 'start') {
      this.malformed('protocol', 'second start');
      return;
    }
    // Carriers that do not repeat the stream id on every frame send null: only a different id is wrong.
    if (ev.streamId !== null && ev.streamId !== this.streamSid) {
      this.malformed('protocol', 'unknown stream id');
      return;
    }
    switch (ev.kind) {
      case 'media':
        this.counters.media++;
        // Audio that arrives while the session is being set up is dropped: the greeting plays first.
        if (ev.inbound) this.session?.onAudio(ev.payload, ev.timestampMs);
        return;
      case 'mark':
        this.session?.onMark(ev.name);
        return;
      case 'dtmf':
        this.session?.onDtmf(ev.digit);
        return;
      case 'stop':
        this.phase = 'stopped';
        void this.finish('stop');
        return;
      case 'notice':
        this.opts.log.warn('carrier reported a stream problem', { detail: ev.detail, streamId: this.streamSid });
        return;
    }
  }

  private startTimedOut(): void {
    this.startTimer = null;
    if (this.phase !== 'awaiting_start' && this.phase !== 'starting') return;
    this.opts.log.warn('media stream closed: no start in time', { timeoutMs: this.opts.startTimeoutMs });
    this.phase = 'stopped';
    this.opts.sink.close(1008, 'no start message in time');
    void this.finish('error');
  }

  private clearStartTimer(): void {
    if (this.startTimer === null) return;
    (this.opts.timers ?? realTimers).clearTimeout(this.startTimer);
    this.startTimer = null;
  }

  private async begin(start: StreamStart): Promise<void> {
    let verdict: StartVerdict;
    const carrierCallId = start.carrierCallId;
    try {
      verdict = await this.opts.accept(start);
    } catch (e) {
      this.opts.log.error('stream start failed', { error: e, carrierCallId });
      verdict = { ok: false, reason: 'internal error' };
    }
    if (!verdict.ok) {
      this.opts.log.warn('media stream refused', { carrierCallId, reason: verdict.reason });
      this.clearStartTimer();
      this.phase = 'stopped';
      this.ended = true;
      this.opts.sink.close(1008, verdict.reason.slice(0, 120));
      return;
    }
    if (this.phase !== 'starting') return; // stopped while we were accepting
    this.clearStartTimer();
    this.opts.onStarted?.();
    const sid = this.streamSid;
    const { sink, codec } = this.opts;
    this.carrierCallId = carrierCallId;
    this.session = verdict.open({
      sendMedia: (payload) => sink.send(codec.encode({ kind: 'media', payload }, sid)),
      sendMark: (name) => void sink.send(codec.encode({ kind: 'mark', name }, sid)),
      sendClear: () => void sink.send(codec.encode({ kind: 'clear' }, sid)),
      hangup: () => {
        void this.finish('hangup').then(() => sink.close(1000, 'call complete'));
      },
      ...(verdict.transfer ? { transfer: (plan: TransferPlan) => void this.transfer(verdict.transfer!, plan) } : {}),
    });
    this.phase = 'live';
  }

  /** The carrier moves the call first: closing the socket before that would end it. */
  private async transfer(move: (plan: TransferPlan) => Promise<boolean>, plan: TransferPlan): Promise<void> {
    let moved = false;
    try {
      moved = await move(plan);
    } catch (e) {
      this.opts.log.error('transfer failed', { error: e, carrierCallId: this.carrierCallId });
    }
    const reason: EndReason = moved ? 'transfer' : 'hangup';
    await this.finish(reason);
    this.opts.sink.close(1000, moved ? 'call transferred' : 'call complete');
  }

  private async finish(reason: EndReason): Promise<void> {
    this.clearStartTimer();
    if (this.ended) return;
    this.ended = true;
    if (this.phase !== 'stopped') this.phase = 'stopped';
    const s = this.session;
    this.session = null;
    if (s) {
      // The carrier stopped the stream because the call ended; any other end must end the call too
      // (before our hang-up closes the socket, so the caller never sits on a silent line).
      const endCall = this.opts.endCall;
      // A transferred call lives on at the carrier.
      const leaves = reason === 'stop' || reason === 'transfer';
      const atCarrier = !leaves && endCall ? this.endAtCarrier(endCall) : Promise.resolve();
      try {
        await s.end(reason);
      } catch (e) {
        this.opts.log.error('call end failed', { error: e });
      }
      await atCarrier;
    }
  }

  private async endAtCarrier(endCall: (carrierCallId: string) => Promise<unknown>): Promise<void> {
    try {
      await endCall(this.carrierCallId);
    } catch (e) {
      this.opts.log.error('carrier hang-up failed', { error: e, carrierCallId: this.carrierCallId });
    }
  }

  private rateLimited(): boolean {
    const max = this.opts.maxMessagesPerSecond ?? 500;
    const now = (this.opts.now ?? performance.now)();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    if (++this.windowCount <= max) return false;
    this.counters.rateLimited++;
    if (this.windowCount === max + 1) this.opts.log.warn('media stream rate limited', { streamSid: this.streamSid });
    if (this.windowCount > max * 4) {
      this.opts.sink.close(1008, 'message rate limit exceeded');
      void this.finish('error');
    }
    return true;
  }

  private malformed(reason: StreamDecodeError | 'protocol', detail: string): void {
    this.counters.malformed++;
    this.opts.onMalformed?.(reason);
    // Log the first few and then every hundredth, so a flood can't flood the log.
    if (this.counters.malformed <= 3 || this.counters.malformed % 100 === 0) {
      this.opts.log.warn('malformed media stream message', {
        reason,
        detail,
        count: this.counters.malformed,
        streamSid: this.streamSid || undefined,
      });
    }
    const max = this.opts.maxMalformed ?? 50;
    if (this.counters.malformed > max && !this.ended) {
      this.opts.sink.close(1008, 'too many malformed messages');
      void this.finish('error');
    }
  }
}
