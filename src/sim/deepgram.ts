// Fake Deepgram live transcription (`/v1/listen`, protocols.md §3): a real WebSocket server the
// official SDK connects to. What the "caller" says comes from a per-call script (keyed by the
// `tag` query parameter); WHEN it is said comes from the audio itself — an energy VAD over the
// incoming μ-law, clocked by audio time (bytes / 8000), so a simulated caller can push audio faster than real
// time and still get real-shaped interim → final → UtteranceEnd sequences.
import type { Server, ServerWebSocket } from 'bun';
import { detectLanguage } from '../nlu/language.ts';
import { createFakeControl, handleControlRequest, type FakeControl, type LatencyProfile } from './latency-profile.ts';

export type ScriptLine = string | { text: string; confidence?: number };

export interface FakeDeepgramOptions {
  profile?: Partial<LatencyProfile>;
  port?: number;
  /** When set, only this key is accepted; otherwise any non-empty key is. */
  apiKey?: string;
  /** Wall-clock time without audio or KeepAlive before closing with NET-0001. Default 10 000. */
  idleTimeoutMs?: number;
  /** Mean |sample| (PCM16 scale) above which a 20 ms frame counts as speech. Default 200. */
  vadThreshold?: number;
  /** Audio ms per revealed word in interim results. Default 300. */
  msPerWord?: number;
}

export interface ConnectionRecord {
  id: number;
  /** Path and query as received. */
  url: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  auth: 'header' | 'subprotocol';
  tag: string;
  bytesReceived: number;
  /** Binary (audio) messages received. */
  audioMessages: number;
  keepAlives: number;
  finalizes: number;
  closeStreams: number;
  closeCode: number | null;
  closeReason: string;
}

export interface FakeDeepgramStats {
  connections: number;
  active: number;
  refused: number;
  bytesReceived: number;
  audioMessages: number;
  keepAlives: number;
  finalizes: number;
  closeStreams: number;
}

export interface FakeDeepgram extends AsyncDisposable {
  /** Base URL for `DeepgramClient({ baseUrl })`, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly control: FakeControl;
  /** Every connection accepted since the last forgetClosed(), oldest first. */
  readonly connections: readonly ConnectionRecord[];
  /** Totals over every connection ever accepted. */
  stats(): FakeDeepgramStats;
  /** Drops the records of closed connections (their counts stay in stats): long runs stay bounded. */
  forgetClosed(): void;
  /** What the caller on call `tag` will say, one line per utterance. Resets that call's progress. */
  setScript(tag: string, lines: ScriptLine[]): void;
  /** Adds lines to the end of a call's script, keeping its progress (interactive callers). */
  appendScript(tag: string, lines: ScriptLine[]): void;
  /** Index of the next script line for `tag` (lines are consumed by final results). */
  scriptPosition(tag: string): number;
  /** Scripts held: a call's script goes when its stream is closed with CloseStream. */
  scriptCount(): number;
  /** Closes every live connection with a non-1000 code, as a network failure would. */
  dropAll(code?: number, reason?: string): void;
  close(): Promise<void>;
}

const FRAME = 160; // 20 ms of 8 kHz μ-law
const SAMPLE_RATE = 8000;

/** |PCM16| for each μ-law byte (G.711); only energy is needed here. */
const MULAW_MAGNITUDE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    const u = ~i & 0xff;
    const exponent = (u >> 4) & 0x07;
    const mantissa = u & 0x0f;
    t[i] = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  }
  return t;
})();

/**
 * Mean |sample| of a 20 ms frame from every 4th sample: a quarter of the work for an estimate
 * well within the threshold's margin (voice below 1 kHz is still sampled above Nyquist), since
 * the fake hears every frame of every simulated call.
 */
export function frameLevel(frame: Uint8Array): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < frame.length; i += 4, n++) sum += MULAW_MAGNITUDE[frame[i] as number] as number;
  return n === 0 ? 0 : sum / n;
}

interface Line {
  text: string;
  confidence: number;
}

interface Script {
  lines: Line[];
  next: number;
}

interface Pending {
  at: number;
  msg: string | null;
  close?: { code: number; reason: string };
}

interface Conn {
  rec: ConnectionRecord;
  ws: ServerWebSocket<ConnData> | null;
  requestId: string;
  endpointingMs: number | null;
  utteranceEndMs: number | null;
  interim: boolean;
  vadEvents: boolean;
  punctuate: boolean;
  frame: Uint8Array;
  frameLen: number;
  frames: number;
  speaking: boolean;
  speechStart: number;
  lastSpeechEnd: number;
  lastInterim: number;
  /** Audio time where the next result segment starts (end of the previous final). */
  segStart: number;
  line: Line | null;
  awaitingUtteranceEnd: number | null;
  lastActivity: number;
  dropAt: number | null;
  stalled: boolean;
  closing: boolean;
  out: Pending[];
  lastAt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

interface ConnData {
  conn: Conn;
}

const round = (s: number): number => Math.round(s * 1000) / 1000;

/** language=multi tags each result with the language(s) heard, as the multilingual model does. */
function tagged(c: Conn, transcript: string): { languages?: string[] } {
  if (c.rec.query.get('language') !== 'multi') return {};
  const lang = detectLanguage(transcript).language;
  return lang ? { languages: [lang] } : {};
}

function normalizeLines(lines: ScriptLine[]): Line[] {
  return lines.map((l) =>
    typeof l === 'string' ? { text: l, confidence: 0.95 } : { text: l.text, confidence: l.confidence ?? 0.95 },
  );
}

function bareWord(token: string): string {
  return token.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}']+$/gu, '');
}

export async function startFakeDeepgram(opts: FakeDeepgramOptions = {}): Promise<FakeDeepgram> {
  const control = createFakeControl(opts.profile);
  const idleTimeoutMs = opts.idleTimeoutMs ?? 10_000;
  const threshold = opts.vadThreshold ?? 200;
  const secPerWord = (opts.msPerWord ?? 300) / 1000;
  const scripts = new Map<string, Script>();
  const records: ConnectionRecord[] = [];
  const live = new Set<Conn>();
  const totals = { refused: 0 };
  /** Counts of the records forgetClosed() dropped. */
  const forgotten = {
    connections: 0,
    bytesReceived: 0,
    audioMessages: 0,
    keepAlives: 0,
    finalizes: 0,
    closeStreams: 0,
  };
  let nextId = 1;
  let sweeper: ReturnType<typeof setInterval> | null = null;

  const scriptFor = (tag: string): Script => {
    let s = scripts.get(tag);
    if (!s) {
      s = { lines: [], next: 0 };
      scripts.set(tag, s);
    }
    return s;
  };

  // ── output: ordered, delayed by the latency profile ──────────────────────────────────────
  function flush(c: Conn): void {
    c.timer = null;
    const now = performance.now();
    while (c.out.length > 0 && (c.out[0] as Pending).at <= now) {
      const p = c.out.shift() as Pending;
      if (!c.ws) return;
      if (p.msg !== null) c.ws.send(p.msg);
      if (p.close) {
        c.ws.close(p.close.code, p.close.reason);
        return;
      }
    }
    const head = c.out[0];
    if (head) c.timer = setTimeout(() => flush(c), Math.max(0, head.at - now));
  }

  function emit(c: Conn, body: Record<string, unknown> | null, close?: Pending['close']): void {
    if ((c.stalled || control.isArmed('stall')) && !close) return;
    const now = performance.now();
    const at = Math.max(c.lastAt, now + control.firstByteDelayMs());
    c.lastAt = at;
    const p: Pending = { at, msg: body ? JSON.stringify(body) : null, ...(close ? { close } : {}) };
    c.out.push(p);
    if (at <= now && c.out.length === 1) flush(c);
    else if (!c.timer) c.timer = setTimeout(() => flush(c), Math.max(0, at - now));
  }

  // ── transcription model ──────────────────────────────────────────────────────────────────
  function results(
    c: Conn,
    end: number,
    revealAll: boolean,
    flags: { isFinal: boolean; speechFinal: boolean; fromFinalize: boolean },
  ): void {
    const line = c.line;
    const tokens = line ? line.text.split(/\s+/).filter(Boolean) : [];
    const n = revealAll
      ? tokens.length
      : Math.min(tokens.length, Math.max(1, Math.ceil((end - c.speechStart) / secPerWord)));
    const shown = tokens.slice(0, n);
    // Finals spread words over the speech itself; interims over what has been heard so far.
    const wordsEnd = flags.isFinal && c.speaking ? c.lastSpeechEnd : end;
    const span = Math.max(0.02, wordsEnd - c.speechStart);
    const confidence = line?.confidence ?? 0;
    const words = shown.map((tok, i) => ({
      word: bareWord(tok),
      start: round(c.speechStart + (i * span) / Math.max(1, n)),
      end: round(c.speechStart + ((i + 0.9) * span) / Math.max(1, n)),
      confidence,
      punctuated_word: tok,
    }));
    const transcript = c.punctuate ? shown.join(' ') : words.map((w) => w.word).join(' ');
    emit(c, {
      type: 'Results',
      channel_index: [0, 1],
      duration: round(end - c.segStart),
      start: round(c.segStart),
      is_final: flags.isFinal,
      speech_final: flags.speechFinal,
      from_finalize: flags.fromFinalize,
      channel: {
        alternatives: [{ transcript, confidence: shown.length ? confidence : 0, words, ...tagged(c, transcript) }],
      },
      metadata: {
        request_id: c.requestId,
        model_info: { name: '2-phonecall-nova', version: '2024-01-01.0', arch: 'nova-2' },
        model_uuid: '00000000-0000-0000-0000-000000000000',
      },
    });
  }

  function finalizeUtterance(c: Conn, end: number, speechFinal: boolean, fromFinalize: boolean): void {
    results(c, end, true, { isFinal: true, speechFinal, fromFinalize });
    if (c.line) scriptFor(c.rec.tag).next++;
    c.line = null;
    c.speaking = false;
    c.segStart = end;
    c.awaitingUtteranceEnd = c.lastSpeechEnd;
  }

  function onFrame(c: Conn, frame: Uint8Array): void {
    const t0 = c.frames * (FRAME / SAMPLE_RATE);
    c.frames++;
    const t1 = t0 + FRAME / SAMPLE_RATE;
    const speech = frameLevel(frame) > threshold;
    if (speech) {
      if (!c.speaking) {
        c.speaking = true;
        c.speechStart = t0;
        c.lastInterim = t0;
        c.awaitingUtteranceEnd = null;
        const s = scriptFor(c.rec.tag);
        c.line = s.lines[s.next] ?? null;
        if (c.vadEvents) emit(c, { type: 'SpeechStarted', channel: [0, 1], timestamp: round(t0) });
      }
      c.lastSpeechEnd = t1;
      if (c.interim && t1 - c.lastInterim >= 0.2 - 1e-9) {
        c.lastInterim = t1;
        results(c, t1, false, { isFinal: false, speechFinal: false, fromFinalize: false });
      }
      return;
    }
    const silenceMs = (t1 - c.lastSpeechEnd) * 1000;
    if (c.speaking) {
      if (c.endpointingMs !== null && silenceMs >= c.endpointingMs) finalizeUtterance(c, t1, true, false);
      else if (c.endpointingMs === null && silenceMs >= (c.utteranceEndMs ?? 1000))
        finalizeUtterance(c, t1, false, false);
    }
    if (
      !c.speaking &&
      c.awaitingUtteranceEnd !== null &&
      c.interim &&
      c.utteranceEndMs !== null &&
      (t1 - c.awaitingUtteranceEnd) * 1000 >= c.utteranceEndMs
    ) {
      emit(c, { type: 'UtteranceEnd', channel: [0, 1], last_word_end: round(c.awaitingUtteranceEnd) });
      c.awaitingUtteranceEnd = null;
    }
  }

  function onAudio(c: Conn, data: Uint8Array): void {
    c.rec.bytesReceived += data.length;
    c.rec.audioMessages++;
    if (c.dropAt === null) {
      const f = control.take('dropMidStream');
      if (f) c.dropAt = c.rec.bytesReceived + (f.dropAfter ?? SAMPLE_RATE);
    }
    if (c.dropAt !== null && c.rec.bytesReceived >= c.dropAt) {
      // A network failure: no flush, no Metadata, non-1000 close.
      c.ws?.close(1011, 'NET-0000');
      return;
    }
    let off = 0;
    // Whole frames are heard in place; only a frame split across messages is copied together.
    while (c.frameLen === 0 && data.length - off >= FRAME) {
      onFrame(c, data.subarray(off, off + FRAME));
      off += FRAME;
    }
    while (off < data.length) {
      const take = Math.min(FRAME - c.frameLen, data.length - off);
      c.frame.set(data.subarray(off, off + take), c.frameLen);
      c.frameLen += take;
      off += take;
      if (c.frameLen === FRAME) {
        c.frameLen = 0;
        onFrame(c, c.frame);
      }
    }
  }

  function audioNow(c: Conn): number {
    return c.frames * (FRAME / SAMPLE_RATE);
  }

  function onControl(c: Conn, text: string): void {
    let type: unknown;
    try {
      type = (JSON.parse(text) as { type?: unknown }).type;
    } catch {
      c.ws?.close(1008, 'DATA-0000');
      return;
    }
    if (type === 'KeepAlive') {
      c.rec.keepAlives++;
    } else if (type === 'Finalize') {
      c.rec.finalizes++;
      if (c.speaking) finalizeUtterance(c, audioNow(c), false, true);
      else {
        c.speechStart = c.segStart;
        results(c, audioNow(c), true, { isFinal: true, speechFinal: false, fromFinalize: true });
        c.segStart = audioNow(c);
      }
    } else if (type === 'CloseStream') {
      c.rec.closeStreams++;
      if (c.closing) return;
      c.closing = true;
      if (c.speaking) finalizeUtterance(c, audioNow(c), true, false);
      const stalled = c.stalled || control.isArmed('stall');
      if (stalled) return;
      emit(c, {
        type: 'Metadata',
        transaction_key: 'deprecated',
        request_id: c.requestId,
        sha256: '0'.repeat(64),
        created: new Date().toISOString(),
        duration: round(c.rec.bytesReceived / SAMPLE_RATE),
        channels: 1,
      });
      emit(c, null, { code: 1000, reason: '' });
    } else {
      c.ws?.close(1008, 'DATA-0000');
    }
  }

  function sweep(): void {
    const now = performance.now();
    for (const c of live) if (now - c.lastActivity >= idleTimeoutMs) c.ws?.close(1011, 'NET-0001');
  }

  // ── handshake ────────────────────────────────────────────────────────────────────────────
  function authorize(req: Request): { ok: true; via: ConnectionRecord['auth']; subprotocol?: string } | { ok: false } {
    const header = req.headers.get('authorization') ?? '';
    const m = /^(Token|Bearer)\s+(\S+)$/i.exec(header);
    const keyOk = (k: string | undefined): boolean => Boolean(k) && (opts.apiKey === undefined || k === opts.apiKey);
    if (m && keyOk(m[2])) return { ok: true, via: 'header' };
    const protos = (req.headers.get('sec-websocket-protocol') ?? '').split(',').map((s) => s.trim());
    const i = protos.findIndex((p) => p === 'token' || p === 'bearer');
    if (i >= 0 && keyOk(protos[i + 1])) return { ok: true, via: 'subprotocol', subprotocol: protos[i] as string };
    return { ok: false };
  }

  function paramMs(v: string | null, fallback: number | null): number | null {
    if (v === null) return fallback;
    if (v === 'false') return null;
    const n = Number(v);
    return Number.isFinite(n) && n >= 0 ? n : fallback;
  }

  async function fetch(req: Request, server: Server<ConnData>): Promise<Response | undefined> {
    const url = new URL(req.url);
    if (url.pathname.startsWith('/__control/')) return controlRoute(req, url.pathname);
    if (url.pathname !== '/v1/listen') return new Response('not found', { status: 404 });
    const refusal = control.take('refuse') ?? control.take('http5xx');
    if (refusal) {
      totals.refused++;
      return Response.json({ err_code: 'SERVICE_UNAVAILABLE', err_msg: 'fault injected' }, { status: refusal.status });
    }
    const auth = authorize(req);
    if (!auth.ok) return Response.json({ err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' }, { status: 401 });
    const q = url.searchParams;
    if (q.get('encoding') !== 'mulaw' || q.get('sample_rate') !== '8000') {
      return Response.json(
        { err_code: 'Bad Request', err_msg: 'this fake understands only encoding=mulaw&sample_rate=8000' },
        { status: 400 },
      );
    }
    // As the service: only the multilingual and Spanish-capable models take language=es or multi.
    const language = q.get('language') ?? 'en';
    if (language !== 'en' && !/^nova-[23](?:$|-general)/.test(q.get('model') ?? '')) {
      return Response.json(
        { err_code: 'Bad Request', err_msg: `no such model/language: ${language}` },
        { status: 400 },
      );
    }
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const rec: ConnectionRecord = {
      id: nextId++,
      url: url.pathname + url.search,
      query: q,
      headers,
      auth: auth.via,
      tag: q.get('tag') ?? '',
      bytesReceived: 0,
      audioMessages: 0,
      keepAlives: 0,
      finalizes: 0,
      closeStreams: 0,
      closeCode: null,
      closeReason: '',
    };
    const truthy = (k: string): boolean => q.get(k) === 'true';
    const conn: Conn = {
      rec,
      ws: null,
      requestId: crypto.randomUUID(),
      endpointingMs: paramMs(q.get('endpointing'), 10),
      utteranceEndMs: paramMs(q.get('utterance_end_ms'), null),
      interim: truthy('interim_results'),
      vadEvents: truthy('vad_events'),
      punctuate: truthy('punctuate') || truthy('smart_format'),
      frame: new Uint8Array(FRAME),
      frameLen: 0,
      frames: 0,
      speaking: false,
      speechStart: 0,
      lastSpeechEnd: 0,
      lastInterim: 0,
      segStart: 0,
      line: null,
      awaitingUtteranceEnd: null,
      lastActivity: performance.now(),
      dropAt: null,
      stalled: control.take('stall') !== null,
      closing: false,
      out: [],
      lastAt: 0,
      timer: null,
    };
    const upgradeHeaders = auth.subprotocol ? { 'Sec-WebSocket-Protocol': auth.subprotocol } : undefined;
    if (server.upgrade(req, { data: { conn }, ...(upgradeHeaders ? { headers: upgradeHeaders } : {}) }))
      return undefined;
    return new Response('expected a WebSocket upgrade', { status: 426 });
  }

  async function controlRoute(req: Request, path: string): Promise<Response> {
    const shared = await handleControlRequest(control, req, path);
    if (shared) return shared;
    if (path === '/__control/script' && req.method === 'POST') {
      const body = (await req.json().catch(() => null)) as { tag?: unknown; lines?: unknown } | null;
      const lines = body?.lines;
      if (
        typeof body?.tag !== 'string' ||
        !Array.isArray(lines) ||
        !lines.every(
          (l) =>
            typeof l === 'string' ||
            (typeof l === 'object' && l !== null && typeof (l as { text?: unknown }).text === 'string'),
        )
      ) {
        return Response.json(
          { error: 'expected {tag: string, lines: Array<string | {text, confidence?}>}' },
          { status: 400 },
        );
      }
      // `append` keeps the call's progress (an interactive caller adds a line per turn).
      if ((body as { append?: unknown }).append === true) api.appendScript(body.tag, lines as ScriptLine[]);
      else api.setScript(body.tag, lines as ScriptLine[]);
      return Response.json({ ok: true });
    }
    if (path === '/__control/stats' && req.method === 'GET') return Response.json(api.stats());
    if (path === '/__control/drop' && req.method === 'POST') {
      api.dropAll();
      return Response.json({ ok: true });
    }
    return Response.json({ error: 'unknown control route' }, { status: 404 });
  }

  const server = Bun.serve<ConnData>({
    port: opts.port ?? 0,
    hostname: '127.0.0.1',
    fetch,
    websocket: {
      maxPayloadLength: 1024 * 1024,
      idleTimeout: 0,
      backpressureLimit: 4 * 1024 * 1024,
      open(ws) {
        const c = ws.data.conn;
        c.ws = ws;
        records.push(c.rec);
        live.add(c);
        if (!sweeper) sweeper = setInterval(sweep, Math.max(5, Math.min(1000, idleTimeoutMs / 4)));
      },
      message(ws, message) {
        const c = ws.data.conn;
        c.lastActivity = performance.now();
        if (typeof message === 'string') onControl(c, message);
        else onAudio(c, message);
      },
      close(ws, code, reason) {
        const c = ws.data.conn;
        c.rec.closeCode = code;
        c.rec.closeReason = reason;
        c.ws = null;
        if (c.timer) clearTimeout(c.timer);
        c.out = [];
        live.delete(c);
        // The call is over (CloseStream, not a drop a reconnect would follow): its script goes,
        // unless another live connection still speaks for the same call.
        if (c.closing && ![...live].some((o) => o.rec.tag === c.rec.tag)) scripts.delete(c.rec.tag);
        if (live.size === 0 && sweeper) {
          clearInterval(sweeper);
          sweeper = null;
        }
      },
    },
  });

  const port = server.port as number;
  const api: FakeDeepgram = {
    url: `http://127.0.0.1:${port}`,
    port,
    control,
    connections: records,
    stats() {
      const s: FakeDeepgramStats = {
        ...forgotten,
        connections: forgotten.connections + records.length,
        active: live.size,
        refused: totals.refused,
      };
      for (const r of records) {
        s.bytesReceived += r.bytesReceived;
        s.audioMessages += r.audioMessages;
        s.keepAlives += r.keepAlives;
        s.finalizes += r.finalizes;
        s.closeStreams += r.closeStreams;
      }
      return s;
    },
    forgetClosed() {
      const open = new Set([...live].map((c) => c.rec));
      let kept = 0;
      for (const r of records) {
        if (open.has(r)) {
          records[kept++] = r;
          continue;
        }
        forgotten.connections++;
        forgotten.bytesReceived += r.bytesReceived;
        forgotten.audioMessages += r.audioMessages;
        forgotten.keepAlives += r.keepAlives;
        forgotten.finalizes += r.finalizes;
        forgotten.closeStreams += r.closeStreams;
      }
      records.length = kept;
    },
    appendScript(tag, lines) {
      const existing = scripts.get(tag);
      if (existing) existing.lines.push(...normalizeLines(lines));
      else scripts.set(tag, { lines: normalizeLines(lines), next: 0 });
    },
    setScript(tag, lines) {
      scripts.set(tag, { lines: normalizeLines(lines), next: 0 });
    },
    scriptPosition: (tag) => scripts.get(tag)?.next ?? 0,
    scriptCount: () => scripts.size,
    dropAll(code = 1011, reason = 'NET-0000') {
      for (const c of live) c.ws?.close(code, reason);
    },
    async close() {
      if (sweeper) clearInterval(sweeper);
      sweeper = null;
      for (const c of live) if (c.timer) clearTimeout(c.timer);
      await server.stop(true);
    },
    [Symbol.asyncDispose]() {
      return api.close();
    },
  };
  return api;
}
