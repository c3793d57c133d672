// Phrase cache: ready μ-law audio for every fixed phrase, keyed by (engine, voice, text).
// Reads are synchronous memory lookups (the hot path); memory is bounded by bytes, least recently
// used out first, and filled from the database one organization's phrases at a time (never the
// whole table). The database holds one audio per (org, phrase id): an edited phrase replaces its
// audio, and audio no organization uses any more is deleted.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { orgPhraseAudio, phraseAudio } from '../db/schema.ts';
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
  /** Phrases left to live synthesis because the org's stored audio reached its cap. */
  overBudget: number;
  /** Stored audio rows deleted because no organization uses them any more. */
  deleted: number;
}

const EMPTY_REPORT: PrecomputeReport = {
  total: 0,
  synthesized: 0,
  alreadyCached: 0,
  failed: 0,
  overBudget: 0,
  deleted: 0,
};

export interface PhraseCacheOptions {
  /** Memory budget. */
  maxBytes: number;
  /** Stored audio per organization; phrases past it are not synthesized ahead (0 = no cap). */
  maxOrgBytes?: number;
  log?: Logger;
}

export interface OrgPhrase {
  id: string;
  text: string;
  /** Its own voice (a phrase in the org's other language); else the precompute's voice. */
  voice?: string;
}

export class PhraseCache implements PhraseAudioSource {
  private readonly mem: LRUCache<string, Uint8Array>;
  readonly stats = { hits: 0, misses: 0, stored: 0, loaded: 0, deleted: 0 };

  constructor(
    private readonly db: Db,
    private readonly opts: PhraseCacheOptions,
  ) {
    const maxSize = Math.max(1, opts.maxBytes);
    this.mem = new LRUCache<string, Uint8Array>({ maxSize, sizeCalculation: (v) => Math.max(1, v.length) });
  }

  /** Audio bytes held in memory (bounded by PHRASE_CACHE_MAX_MB). */
  get memoryBytes(): number {
    return this.mem.calculatedSize;
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

  /**
   * Audio a call synthesized for a fixed phrase: kept in memory only. What is stored belongs to an
   * organization's phrase list (precompute), so the table cannot grow with what calls say.
   */
  put(engine: string, voice: string, text: string, audio: Uint8Array): void {
    const key = phraseKey(engine, voice, text);
    if (this.mem.has(key)) return;
    this.mem.set(key, audio);
  }

  /**
   * Makes an organization's phrases ready: from memory, else from its stored audio, else
   * synthesized and stored. Then its stored phrase list becomes exactly this one: replaced
   * audio, and audio of phrases it no longer has, is deleted unless another org uses it.
   */
  async precompute(
    tts: TtsProvider,
    voice: string,
    phrases: OrgPhrase[],
    opts: { orgId?: string; signal?: AbortSignal } = {},
  ): Promise<PrecomputeReport> {
    const { orgId, signal } = opts;
    const report: PrecomputeReport = { ...EMPTY_REPORT, total: phrases.length };
    const cap = this.opts.maxOrgBytes ?? 0;
    const chosen = new Map<string, { key: string; bytes: number }>();
    let orgBytes = 0;
    for (const p of phrases) {
      if (signal?.aborted) return report;
      if (chosen.has(p.id)) continue;
      const v = p.voice ?? voice;
      const key = phraseKey(tts.engine, v, p.text);
      try {
        let audio = await this.loadStored(key);
        if (audio) {
          report.alreadyCached++;
        } else if (cap > 0 && orgBytes >= cap) {
          report.overBudget++;
          continue;
        } else {
          // A call may already have synthesized it (kept in memory only): store that, no TTS.
          const heard = this.mem.peek(key);
          audio = heard ?? (await synthesize(tts, v, p.text, signal));
          const row = { key, engine: tts.engine, voice: v, text: p.text, audio: Buffer.from(audio) };
          await this.db.insert(phraseAudio).values(row).onConflictDoNothing();
          this.mem.set(key, audio);
          this.stats.stored++;
          if (heard) report.alreadyCached++;
          else report.synthesized++;
        }
        orgBytes += audio.length;
        chosen.set(p.id, { key, bytes: audio.length });
      } catch (e) {
        if (signal?.aborted) return report;
        report.failed++;
        this.opts.log?.warn('phrase precompute failed', { phraseId: p.id, error: e });
      }
    }
    // A partial run (failures) keeps the old audio of the phrases it could not make.
    if (orgId && report.failed === 0) report.deleted = await this.replaceOrgPhrases(orgId, chosen);
    return report;
  }

  /** Deletes stored audio no organization uses (left by earlier versions or removed orgs' edits). */
  async sweepOrphans(): Promise<number> {
    const used = this.db.select({ key: orgPhraseAudio.key }).from(orgPhraseAudio);
    const gone = await this.db
      .delete(phraseAudio)
      .where(notInArray(phraseAudio.key, used))
      .returning({ key: phraseAudio.key });
    for (const r of gone) this.mem.delete(r.key);
    this.stats.deleted += gone.length;
    return gone.length;
  }

  /** Bytes of stored audio and phrases of one organization. */
  async storedFor(orgId: string): Promise<{ phrases: number; bytes: number }> {
    const [row] = await this.db
      .select({ phrases: sql<number>`count(*)`, bytes: sql<number>`coalesce(sum(${orgPhraseAudio.bytes}), 0)` })
      .from(orgPhraseAudio)
      .where(eq(orgPhraseAudio.orgId, orgId));
    return { phrases: Number(row?.phrases ?? 0), bytes: Number(row?.bytes ?? 0) };
  }

  get sizeBytes(): number {
    return this.mem.calculatedSize;
  }

  get entries(): number {
    return this.mem.size;
  }

  /** Stored audio for a key, into memory if not there yet (memory alone is not proof it is stored). */
  private async loadStored(key: string): Promise<Uint8Array | undefined> {
    const byKey = eq(phraseAudio.key, key);
    const inMemory = this.mem.peek(key);
    if (inMemory) {
      const [row] = await this.db.select({ key: phraseAudio.key }).from(phraseAudio).where(byKey).limit(1);
      return row ? inMemory : undefined;
    }
    const [row] = await this.db.select({ audio: phraseAudio.audio }).from(phraseAudio).where(byKey).limit(1);
    if (!row) return undefined;
    const audio = new Uint8Array(row.audio);
    this.mem.set(key, audio);
    this.stats.loaded++;
    return audio;
  }

  private async replaceOrgPhrases(orgId: string, chosen: Map<string, { key: string; bytes: number }>): Promise<number> {
    const mine = eq(orgPhraseAudio.orgId, orgId);
    const cols = { phraseId: orgPhraseAudio.phraseId, key: orgPhraseAudio.key };
    const before = await this.db.select(cols).from(orgPhraseAudio).where(mine);
    const replaced = before.filter((r) => chosen.get(r.phraseId)?.key !== r.key).map((r) => r.key);
    const removedIds = before.filter((r) => !chosen.has(r.phraseId)).map((r) => r.phraseId);
    const updatedAt = new Date();
    await this.db.transaction(async (tx) => {
      const removed = inArray(orgPhraseAudio.phraseId, removedIds);
      if (removedIds.length > 0) await tx.delete(orgPhraseAudio).where(and(mine, removed));
      for (const [phraseId, { key, bytes }] of chosen) {
        await tx
          .insert(orgPhraseAudio)
          .values({ orgId, phraseId, key, bytes, updatedAt })
          .onConflictDoUpdate({
            target: [orgPhraseAudio.orgId, orgPhraseAudio.phraseId],
            set: { key, bytes, updatedAt },
          });
      }
    });
    const candidates = [...new Set(replaced)].filter((k) => ![...chosen.values()].some((c) => c.key === k));
    if (candidates.length === 0) return 0;
    const used = this.db.select({ key: orgPhraseAudio.key }).from(orgPhraseAudio);
    const gone = await this.db
      .delete(phraseAudio)
      .where(and(inArray(phraseAudio.key, candidates), notInArray(phraseAudio.key, used)))
      .returning({ key: phraseAudio.key });
    for (const r of gone) this.mem.delete(r.key);
    this.stats.deleted += gone.length;
    return gone.length;
  }
}

async function synthesize(tts: TtsProvider, voice: string, text: string, signal?: AbortSignal): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const c of tts.synthesize({ text, voice, ...(signal ? { signal } : {}) })) chunks.push(c);
  const audio = new Uint8Array(Buffer.concat(chunks));
  if (audio.length === 0) throw new Error('no audio');
  return audio;
}
