// Phrase cache: ready μ-law audio for every fixed phrase, keyed by (engine, voice, text).
// Reads are synchronous memory lookups (the hot path); the database copy makes a restart or a
// new region start warm. Memory is bounded by bytes, least recently used out first.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import { phraseAudio } from '../db/schema.ts';
import type { TtsProvider } from '../providers/tts/types.ts';
import type { PhraseAudioSource } from './speaker.ts';
import type { Logger } from '../log.ts';

export function phraseKey(engine: string, voice: string, text: string): string {
  return createHash('sha256').update(`${engine}\u0000${voice}\u0000${text}`).digest('base64url');
}

export interface PrecomputeReport {
  total: number;
  synthesized: number;
  alreadyCached: number;
  failed: number;
}

export class PhraseCache implements PhraseAudioSource {
  private readonly mem: LRUCache<string, Uint8Array>;
  readonly stats = { hits: 0, misses: 0, stored: 0 };

  constructor(
    private readonly db: Db,
    private readonly opts: { maxBytes: number; writes?: WriteQueue; log?: Logger },
  ) {
    this.mem = new LRUCache<string, Uint8Array>({ maxSize: Math.max(1, opts.maxBytes), sizeCalculation: (v) => Math.max(1, v.length) });
  }

  get(engine: string, voice: string, text: string): Uint8Array | undefined {
    const hit = this.mem.get(phraseKey(engine, voice, text));
    if (hit) this.stats.hits++;
    else this.stats.misses++;
    return hit;
  }

  has(engine: string, voice: string, text: string): boolean {
    return this.mem.has(phraseKey(engine, voice, text));
  }

  put(engine: string, voice: string, text: string, audio: Uint8Array): void {
    const key = phraseKey(engine, voice, text);
    if (this.mem.has(key)) return;
    this.mem.set(key, audio);
    this.stats.stored++;
    const row = { key, engine, voice, text, audio: Buffer.from(audio) };
    const write = (db: Db) => db.insert(phraseAudio).values(row).onConflictDoNothing();
    if (this.opts.writes) this.opts.writes.enqueue('phrase.put', write);
    else void write(this.db).catch((e) => this.opts.log?.warn('phrase persist failed', { error: e }));
  }

  /** Loads persisted phrases into memory (start-up). */
  async warm(engine?: string): Promise<number> {
    const rows = engine ? await this.db.select().from(phraseAudio).where(eq(phraseAudio.engine, engine)) : await this.db.select().from(phraseAudio);
    for (const r of rows) this.mem.set(r.key, new Uint8Array(r.audio));
    return rows.length;
  }

  /** Synthesizes whichever of these phrases are not cached yet. */
  async precompute(tts: TtsProvider, voice: string, phrases: Array<{ text: string }>, signal?: AbortSignal): Promise<PrecomputeReport> {
    const report: PrecomputeReport = { total: phrases.length, synthesized: 0, alreadyCached: 0, failed: 0 };
    const seen = new Set<string>();
    for (const p of phrases) {
      if (signal?.aborted) break;
      const key = phraseKey(tts.engine, voice, p.text);
      if (seen.has(key)) continue;
      seen.add(key);
      if (this.mem.has(key)) {
        report.alreadyCached++;
        continue;
      }
      try {
        const chunks: Uint8Array[] = [];
        for await (const c of tts.synthesize({ text: p.text, voice, ...(signal ? { signal } : {}) })) chunks.push(c);
        const audio = new Uint8Array(Buffer.concat(chunks));
        if (audio.length === 0) throw new Error('no audio');
        this.put(tts.engine, voice, p.text, audio);
        report.synthesized++;
      } catch (e) {
        report.failed++;
        this.opts.log?.warn('phrase precompute failed', { text: p.text.slice(0, 40), error: e });
      }
    }
    return report;
  }

  get sizeBytes(): number {
    return this.mem.calculatedSize;
  }

  get entries(): number {
    return this.mem.size;
  }
}
