// Embedded TTS: eSpeak NG compiled to WebAssembly (npm package `espeak-ng`, GPL-3.0-or-later),
// run in a worker thread, which also resamples from 22.05 kHz to 8 kHz and encodes μ-law.
//
// The engine synthesizes whole utterances only, so a sentence is spoken clause by clause: the
// first clause's audio is ready (~20 ms) while later clauses are still being synthesized.
import type { TtsProvider, TtsRequest } from './types.ts';
import type { EspeakReply, EspeakRequest } from './espeak-worker.ts';
import { availableParallelism } from 'node:os';

export interface EmbeddedTtsOptions {
  /** eSpeak voice, e.g. en-us. */
  voice?: string;
  wordsPerMinute?: number;
  /** Worker threads (shared by every instance in the process; the largest request wins). Default: one per core. */
  workers?: number;
  /** Called as each clause of a request finishes synthesizing (progress for diagnostics and tests). */
  onClauseSynthesized?: (index: number, count: number) => void;
}

type Job = { req: EspeakRequest; resolve: (mulaw: Uint8Array) => void; reject: (e: Error) => void };

class EspeakPool {
  private workers: Array<{ w: Worker; busy: boolean }> = [];
  private queue: Job[] = [];
  private pending = new Map<number, Job>();
  private seq = 0;

  constructor(private size: number) {}

  /** Workers now running or allowed. */
  get capacity(): number {
    return this.size;
  }

  grow(size: number): void {
    if (size <= this.size) return;
    this.size = size;
    this.dispatch();
  }

  synth(text: string, voice: string, wordsPerMinute: number): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { id: ++this.seq, text, voice, wordsPerMinute }, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.workers.find((x) => !x.busy);
      if (!slot && this.workers.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.busy = true;
      this.pending.set(job.req.id, job);
      slot.w.postMessage(job.req);
    }
  }

  private spawn(): { w: Worker; busy: boolean } {
    const w = new Worker(new URL('./espeak-worker.ts', import.meta.url).href);
    const slot = { w, busy: false };
    w.onmessage = (ev: MessageEvent<EspeakReply>) => {
      slot.busy = false;
      const job = this.pending.get(ev.data.id);
      this.pending.delete(ev.data.id);
      if (job) {
        if (ev.data.ok) job.resolve(ev.data.mulaw);
        else job.reject(new Error(`espeak: ${ev.data.error}`));
      }
      this.dispatch();
    };
    w.onerror = (ev) => {
      // A crashed worker fails its jobs and is replaced on demand.
      this.workers = this.workers.filter((x) => x !== slot);
      for (const [id, job] of this.pending) {
        job.reject(new Error(`espeak worker failed: ${ev.message}`));
        this.pending.delete(id);
      }
      this.dispatch();
    };
    // Idle workers must not keep the process alive.
    (w as unknown as { unref?: () => void }).unref?.();
    this.workers.push(slot);
    return slot;
  }
}

let sharedPool: EspeakPool | null = null;

/** Workers the process's embedded engine may run at once (0 before its first sentence). */
export function embeddedWorkerCapacity(): number {
  return sharedPool?.capacity ?? 0;
}

/** Splits at clause boundaries so speech can start before the whole sentence is synthesized. */
export function clauses(text: string): string[] {
  const parts = text
    .split(/(?<=[,;:])\s+(?=\S)/)
    .map((s) => s.trim())
    .filter(Boolean);
  // Very short clauses sound clipped on their own: keep them with the next one.
  const out: string[] = [];
  for (const p of parts) {
    if (out.length > 0 && out[out.length - 1]!.split(' ').length < 3) out[out.length - 1] += ` ${p}`;
    else out.push(p);
  }
  return out.length > 0 ? out : [text];
}

function stripSsml(text: string): string {
  return text
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

export function createEmbeddedTts(opts: EmbeddedTtsOptions = {}): TtsProvider {
  const voice = opts.voice ?? 'en-us';
  const wpm = opts.wordsPerMinute ?? 165;
  const workers = Math.max(1, opts.workers ?? availableParallelism());
  const pool = () => {
    sharedPool ??= new EspeakPool(workers);
    sharedPool.grow(workers);
    return sharedPool;
  };
  return {
    name: 'embedded',
    engine: 'espeak-ng',
    defaultVoice: voice,
    async *synthesize(req: TtsRequest) {
      const text = req.ssml ? stripSsml(req.text) : req.text.trim();
      if (!text) return;
      req.onUsage?.({ characters: text.length });
      // Org voices name cloud voices (e.g. "Joanna"); the embedded engine speaks its own.
      const v = req.voice && /^[a-z]{2,3}(-[a-z0-9]+)*$/i.test(req.voice) ? req.voice : voice;
      const parts = clauses(text);
      // Start every clause now; yield them in order as each finishes.
      const jobs = parts.map((p, i) =>
        pool()
          .synth(p, v, wpm)
          .then((audio) => {
            opts.onClauseSynthesized?.(i, parts.length);
            return audio;
          }),
      );
      // Clauses left behind by an abort or an earlier failure must not surface as unhandled.
      for (const job of jobs) job.catch(() => undefined);
      for (const job of jobs) {
        if (req.signal?.aborted) return;
        const audio = await job;
        if (req.signal?.aborted) return;
        yield audio;
      }
    },
  };
}
