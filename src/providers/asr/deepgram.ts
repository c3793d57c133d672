// Deepgram live transcription through the official SDK (v5): one warm WebSocket per call, opened
// at call start, with our own fast reconnect (the SDK's waits 1–5 s, too long mid-conversation).
//
// Times: every AsrEvent time is in seconds of audio since this stream was opened (bytes pushed /
// 8000). Deepgram counts from the first byte each *connection* received, so each connection
// remembers the stream offset of its first byte (`baseByte`) and adds it to what Deepgram says.
//
// Reconnect: audio not yet covered by a final result is kept (bounded) and replayed on the new
// connection, so an utterance cut by a drop is transcribed again rather than lost.
import { DeepgramClient, type Deepgram } from '@deepgram/sdk';
import { createAsyncQueue, type AsyncQueue } from '../async-queue.ts';
import { AudioChunker, DEFAULT_CHUNK_MS, DEFAULT_QUIET_CHUNK_MS, asrChunkBytes } from './audio-chunker.ts';
import type { AsrEvent, AsrOpenOptions, AsrProvider, AsrStream, AsrWord } from './types.ts';

export interface DeepgramAsrOptions {
  apiKey: string;
  /** Base URL override (a local fake, an EU endpoint). */
  url?: string;
  /** Default nova-2-phonecall. */
  model?: string;
  /** Silence before speech_final. Default 300. */
  endpointingMs?: number;
  /** Word gap before UtteranceEnd. Default 1000. */
  utteranceEndMs?: number;
  language?: string;
  /** The model for calls that may be in Spanish. Default nova-3. */
  spanishModel?: string;
  /** Reconnects after a drop before giving up with an 'error' event. Default 3. */
  reconnectAttempts?: number;
  /** Numbers, dates and phone numbers written as digits. Default true. */
  smartFormat?: boolean;
  /** KeepAlive cadence while no audio flows (Deepgram closes after 10 s). Default 4000. */
  keepAliveMs?: number;
  /** Audio held while (re)connecting and kept for replay. Default 10 000. */
  maxBufferedMs?: number;
  /** Backoff step between reconnects after the first (immediate) one, capped at 1 s. Default 250. */
  reconnectDelayMs?: number;
  /** Handshake deadline per attempt. Default 5000. */
  connectTimeoutMs?: number;
  /** How long close() waits for Metadata and the server's close. Default 2000. */
  closeTimeoutMs?: number;
  /**
   * Caller audio per WebSocket message, 20–100 ms (whole 20 ms frames). Longer chunks cost fewer
   * socket writes and add up to `chunkMs − 20` ms before the ASR hears the last frame.
   */
  chunkMs?: number;
  /**
   * Caller audio per message while the line is quiet (pushed with `quiet`), up to 100 ms; not below
   * `chunkMs`. Default 100.
   */
  quietChunkMs?: number;
}

type ListenSocket = Awaited<ReturnType<DeepgramClient['listen']['v1']['connect']>>;
type ConnectArgs = Parameters<DeepgramClient['listen']['v1']['connect']>[0];
type ServerMessage =
  | Deepgram.listen.ListenV1Results
  | Deepgram.listen.ListenV1Metadata
  | Deepgram.listen.ListenV1UtteranceEnd
  | Deepgram.listen.ListenV1SpeechStarted;

const BYTES_PER_SEC = 8000;
const MAX_VOCABULARY = 100;

/** Nova-3 takes `keyterm` phrases; Nova-2 and older take `keywords=word:intensifier`. */
export function vocabularyParams(
  model: string,
  keywords: readonly string[] | undefined,
): { keywords?: string[]; keyterm?: string[] } {
  const cleaned = [...new Set((keywords ?? []).map((k) => k.trim()).filter(Boolean))].slice(0, MAX_VOCABULARY);
  if (cleaned.length === 0) return {};
  if (model.startsWith('nova-3')) return { keyterm: cleaned.map((k) => k.replace(/:-?\d+(\.\d+)?$/, '')) };
  if (/^(nova-2|nova|enhanced|base)(\b|-)/.test(model))
    return { keywords: cleaned.map((k) => (/:-?\d+(\.\d+)?$/.test(k) ? k : `${k}:2`)) };
  return {};
}

/**
 * Model and language for the call's languages. English keeps the configured model (phone-call
 * tuned); Spanish needs a model that speaks it: Nova-3 with language=es, and Nova-3 multilingual
 * (language=multi, English–Spanish code-switching, a language tag per word) for a bilingual org.
 */
export function languageParams(
  configured: { model: string; language?: string; spanishModel?: string },
  languages: ReadonlyArray<'en' | 'es'> | undefined,
): { model: string; language?: string } {
  const es = languages?.includes('es') ?? false;
  if (!es) return { model: configured.model, ...(configured.language ? { language: configured.language } : {}) };
  const model = configured.spanishModel ?? 'nova-3';
  return { model, language: languages!.includes('en') ? 'multi' : 'es' };
}

export function createDeepgramAsr(opts: DeepgramAsrOptions): AsrProvider {
  const client = new DeepgramClient({ apiKey: opts.apiKey, ...(opts.url ? { baseUrl: opts.url } : {}) });
  const model = opts.model ?? 'nova-2-phonecall';
  return {
    name: 'deepgram',
    open(o: AsrOpenOptions): AsrStream {
      const lang = languageParams({ model, ...opts }, o.languages);
      const args: ConnectArgs = {
        model: lang.model,
        encoding: 'mulaw',
        sample_rate: BYTES_PER_SEC,
        channels: 1,
        interim_results: 'true',
        endpointing: opts.endpointingMs ?? 300,
        utterance_end_ms: opts.utteranceEndMs ?? 1000,
        vad_events: 'true',
        punctuate: 'true',
        smart_format: opts.smartFormat === false ? 'false' : 'true',
        ...(lang.language ? { language: lang.language } : {}),
        ...vocabularyParams(lang.model, o.keywords),
        tag: o.callId,
        // The SDK's own reconnect is off: we reconnect faster and replay audio ourselves.
        reconnectAttempts: 0,
        shouldReconnect: () => false,
        connectionTimeoutInSeconds: (opts.connectTimeoutMs ?? 5000) / 1000,
        // Required by the SDK's type; the header actually sent comes from the client's apiKey.
        Authorization: `Token ${opts.apiKey}`,
      };
      return new DeepgramStream(client, args, opts, o.signal);
    },
  };
}

interface Chunk {
  offset: number;
  data: Uint8Array;
}

type State = 'connecting' | 'open' | 'reconnecting' | 'closed';

class DeepgramStream implements AsrStream {
  private readonly events: AsyncQueue<AsrEvent> = createAsyncQueue();
  private readonly maxBytes: number;
  private readonly keepAliveMs: number;
  private state: State = 'connecting';
  private sock: ListenSocket | null = null;
  /** Bumped whenever a connection is abandoned, so its late callbacks are ignored. */
  private gen = 0;
  private lastError = '';
  private attempts = 0;
  /** Audio not yet settled by a final result; chunks[0..sent) went out on the current connection. */
  private chunks: Chunk[] = [];
  private sent = 0;
  private bufferedBytes = 0;
  private pushedBytes = 0;
  private baseByte = 0;
  private lastSendAt = 0;
  private pendingFinalize = false;
  private closeRequested = false;
  private keepAliveTimer: ReturnType<typeof setInterval> | null = null;
  private closeTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  private readonly chunker: AudioChunker;

  constructor(
    private readonly client: DeepgramClient,
    private readonly args: ConnectArgs,
    private readonly opts: DeepgramAsrOptions,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.maxBytes = ((opts.maxBufferedMs ?? 10_000) / 1000) * BYTES_PER_SEC;
    this.keepAliveMs = opts.keepAliveMs ?? 4000;
    this.chunker = new AudioChunker(
      asrChunkBytes(opts.chunkMs ?? DEFAULT_CHUNK_MS),
      (c) => this.enqueue(c),
      asrChunkBytes(opts.quietChunkMs ?? DEFAULT_QUIET_CHUNK_MS),
    );
    this.finished = new Promise((r) => (this.resolveFinished = r));
    if (signal?.aborted) {
      this.finish(1000, 'aborted');
      return;
    }
    signal?.addEventListener('abort', this.onAbort, { once: true });
    void this.connect();
  }

  [Symbol.asyncIterator](): AsyncIterator<AsrEvent> {
    return this.events[Symbol.asyncIterator]();
  }

  pushAudio(mulaw: Uint8Array, quiet = false): void {
    if (this.state === 'closed' || this.closeRequested || mulaw.length === 0) return;
    this.chunker.push(mulaw, quiet);
  }

  /** One chunk from the chunker (it owns no reference to it any more): kept for replay, sent when open. */
  private enqueue(data: Uint8Array): void {
    const chunk = { offset: this.pushedBytes, data };
    this.pushedBytes += data.length;
    this.chunks.push(chunk);
    this.bufferedBytes += data.length;
    if (this.state === 'open') {
      this.send((s) => s.sendMedia(chunk.data));
      this.sent = this.chunks.length;
    }
    if (this.bufferedBytes > this.maxBytes) this.dropOldest(this.bufferedBytes - this.maxBytes + BYTES_PER_SEC);
  }

  finalize(): void {
    if (this.state === 'closed' || this.closeRequested) return;
    // The ASR must have heard every frame before it finalizes.
    this.chunker.flush();
    if (this.state === 'open') this.send((s) => s.sendFinalize({ type: 'Finalize' }));
    else this.pendingFinalize = true;
  }

  close(): Promise<void> {
    if (this.state === 'closed' || this.closeRequested) return this.finished;
    this.chunker.flush();
    this.closeRequested = true;
    if (this.state === 'open') this.send((s) => s.sendCloseStream({ type: 'CloseStream' }));
    // Not open yet: CloseStream goes out right after the buffered audio, on open.
    this.closeTimer = setTimeout(() => this.finish(1000, 'close timed out'), this.opts.closeTimeoutMs ?? 2000);
    return this.finished;
  }

  // ── connection lifecycle ────────────────────────────────────────────────────────────────
  private async connect(): Promise<void> {
    const gen = ++this.gen;
    let sock: ListenSocket;
    try {
      sock = await this.client.listen.v1.connect(this.args);
    } catch (e) {
      this.lost(gen, e instanceof Error ? e.message : String(e), 1006, true);
      return;
    }
    if (gen !== this.gen || this.state === 'closed') {
      sock.close();
      return;
    }
    this.sock = sock;
    sock.on('open', () => this.onOpen(gen));
    sock.on('message', (m) => this.onMessage(gen, m));
    // The SDK reports a failed handshake as close(1000) followed at once by error: decide
    // after both have been seen.
    sock.on('close', (ev) => {
      if (gen !== this.gen) return;
      if (this.closeRequested) {
        this.finish(ev.code, ev.reason ?? '');
        return;
      }
      const why = `closed ${ev.code}${ev.reason ? ` ${ev.reason}` : ''}`;
      queueMicrotask(() => this.lost(gen, this.lastError || why, ev.code));
    });
    sock.on('error', (err) => {
      if (gen === this.gen) this.lastError = err.message;
    });
    sock.connect();
  }

  private onOpen(gen: number): void {
    if (gen !== this.gen || this.state === 'closed') return;
    this.state = 'open';
    this.lastError = '';
    // Replay everything not yet settled by a final, as one frame.
    const first = this.chunks[0];
    this.baseByte = first ? first.offset : this.pushedBytes;
    if (this.chunks.length > 0) {
      const all = new Uint8Array(this.bufferedBytes);
      let at = 0;
      for (const c of this.chunks) {
        all.set(c.data, at);
        at += c.data.length;
      }
      this.send((s) => s.sendMedia(all));
      this.sent = this.chunks.length;
    }
    if (this.pendingFinalize) this.send((s) => s.sendFinalize({ type: 'Finalize' }));
    this.pendingFinalize = false;
    if (this.closeRequested) this.send((s) => s.sendCloseStream({ type: 'CloseStream' }));
    this.lastSendAt = performance.now();
    if (!this.keepAliveTimer) {
      this.keepAliveTimer = setInterval(() => this.keepAlive(), Math.max(10, Math.min(1000, this.keepAliveMs / 2)));
    }
  }

  private keepAlive(): void {
    if (this.state !== 'open' || performance.now() - this.lastSendAt < this.keepAliveMs) return;
    this.send((s) => s.sendKeepAlive({ type: 'KeepAlive' }));
  }

  private send(fn: (s: ListenSocket) => void): void {
    const s = this.sock;
    if (!s) return;
    try {
      fn(s);
      this.lastSendAt = performance.now();
    } catch {
      // The socket is closing under us; its close event drives the reconnect.
    }
  }

  /** A connection ended without our asking: reconnect, or give up when it cannot help. */
  private lost(gen: number, reason: string, code: number, fatal = false): void {
    if (gen !== this.gen || this.state === 'closed') return;
    this.gen++;
    const old = this.sock;
    this.sock = null;
    old?.close();
    if (this.closeRequested) {
      this.finish(code, reason);
      return;
    }
    // A rejected key or bad parameters will not get better by retrying.
    const refused = fatal || /\b(400|401|403)\b/.test(reason);
    if (refused || this.attempts >= (this.opts.reconnectAttempts ?? 3)) {
      this.events.push({
        type: 'error',
        message: refused
          ? `deepgram refused the connection: ${reason}`
          : `deepgram connection lost after ${this.attempts} reconnects: ${reason}`,
        retryable: !refused,
      });
      this.finish(code, reason);
      return;
    }
    this.attempts++;
    this.state = 'reconnecting';
    this.sent = 0;
    this.events.push({ type: 'reconnecting', attempt: this.attempts, reason });
    // First retry at once, then step, 2×step, … capped at 1 s.
    const delay =
      this.attempts === 1 ? 0 : Math.min(1000, (this.opts.reconnectDelayMs ?? 250) * 2 ** (this.attempts - 2));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private finish(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.gen++;
    for (const t of [this.closeTimer, this.retryTimer]) if (t) clearTimeout(t);
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = null;
    this.signal?.removeEventListener('abort', this.onAbort);
    const s = this.sock;
    this.sock = null;
    s?.close();
    this.chunks = [];
    this.bufferedBytes = 0;
    this.events.push({ type: 'closed', code, reason });
    this.events.end();
    this.resolveFinished();
  }

  private readonly onAbort = (): void => this.finish(1000, 'aborted');

  // ── messages ────────────────────────────────────────────────────────────────────────────
  private onMessage(gen: number, m: ServerMessage): void {
    if (gen !== this.gen || this.state === 'closed' || typeof m !== 'object' || m === null) return;
    // The service answered: the connection is healthy again.
    this.attempts = 0;
    const base = this.baseByte / BYTES_PER_SEC;
    switch (m.type) {
      case 'Results': {
        const alt = m.channel?.alternatives?.[0];
        const words: AsrWord[] = (alt?.words ?? []).map((w) => ({
          word: w.word,
          start: base + w.start,
          end: base + w.end,
          confidence: w.confidence,
        }));
        const start = base + m.start;
        const end = start + m.duration;
        const text = alt?.transcript ?? '';
        const confidence = alt?.confidence ?? 0;
        if (m.is_final) {
          this.settle(end);
          const language = spokenLanguage(alt);
          this.events.push({
            type: 'final',
            text,
            words,
            confidence,
            ...(language ? { language } : {}),
            speechFinal: Boolean(m.speech_final),
            fromFinalize: Boolean(m.from_finalize),
            start,
            end,
          });
        } else {
          this.events.push({ type: 'interim', text, words, confidence, start, end });
        }
        return;
      }
      case 'SpeechStarted':
        this.events.push({ type: 'speech-started', timestamp: base + m.timestamp });
        return;
      case 'UtteranceEnd':
        this.events.push({ type: 'utterance-end', lastWordEnd: base + m.last_word_end });
        return;
      case 'Metadata':
        // Sent after CloseStream, just before the server's close; the close event ends the stream.
        return;
    }
  }

  /** Audio up to `endSec` is transcribed for good: no need to replay it after a drop. */
  private settle(endSec: number): void {
    const endByte = Math.floor(endSec * BYTES_PER_SEC);
    let n = 0;
    let bytes = 0;
    for (; n < this.sent; n++) {
      const c = this.chunks[n] as Chunk;
      if (c.offset + c.data.length > endByte) break;
      bytes += c.data.length;
    }
    if (n === 0) return;
    this.chunks.splice(0, n);
    this.sent -= n;
    this.bufferedBytes -= bytes;
  }

  private dropOldest(bytes: number): void {
    let n = 0;
    let dropped = 0;
    while (n < this.chunks.length && dropped < bytes) {
      dropped += (this.chunks[n] as Chunk).data.length;
      n++;
    }
    this.chunks.splice(0, n);
    this.sent = Math.max(0, this.sent - n);
    this.bufferedBytes -= dropped;
  }
}

/** The language a multilingual result was in: its `languages` (most words first), else its words' tags. */
function spokenLanguage(alt: unknown): string | undefined {
  if (typeof alt !== 'object' || alt === null) return undefined;
  const a = alt as { languages?: unknown; words?: Array<{ language?: unknown }> };
  if (Array.isArray(a.languages) && typeof a.languages[0] === 'string') return a.languages[0];
  const tags = (a.words ?? []).map((w) => w.language).filter((l): l is string => typeof l === 'string');
  if (tags.length === 0) return undefined;
  const count = new Map<string, number>();
  for (const t of tags) count.set(t, (count.get(t) ?? 0) + 1);
  return [...count.entries()].sort((x, y) => y[1] - x[1])[0]![0];
}
