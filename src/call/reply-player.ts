// Plays one assistant reply: dialogue output → sentences → speech → the outbound player, in order.
// Pulling the dialogue (which may be waiting on a calendar or an LLM) runs alongside speaking, so
// "One moment while I check" is already playing while the check happens.
import type { OutboundPlayer } from '../telephony/outbound-player.ts';
import type { Speaker } from './speaker.ts';
import type { TurnTimer } from './turn-timing.ts';

import type { ReplyPart } from './ports.ts';
import type { TransferPlan } from '../dialogue/types.ts';

export type { ReplyPart };

export interface SentenceSplitter {
  push(delta: string): string[];
  flush(): string[];
}

export interface ReplyOptions {
  speaker: Speaker;
  player: OutboundPlayer;
  signal: AbortSignal;
  timer: TurnTimer;
  newSplitter: () => SentenceSplitter;
  /** false = the naive path: wait for the whole reply, synthesize it whole, then send. */
  streaming: boolean;
  segmentPrefix: string;
}

export interface ReplyResult {
  /** What we said (whole sentences handed to speech). */
  sentences: string[];
  outcome: string | null;
  /** The reply ends the call with a transfer. */
  transfer?: TransferPlan;
  /** Ids of the player segments, in order (the last one's mark ends the reply). */
  segments: string[];
}

interface Unit {
  text: string;
  cacheable: boolean;
}

/** A tiny single-consumer queue between the dialogue puller and the speaker. */
function unitQueue() {
  const items: Unit[] = [];
  let closed = false;
  let wake: (() => void) | null = null;
  return {
    push(u: Unit) {
      items.push(u);
      wake?.();
    },
    close() {
      closed = true;
      wake?.();
    },
    async next(): Promise<Unit | null> {
      while (items.length === 0 && !closed) await new Promise<void>((r) => (wake = r));
      wake = null;
      return items.shift() ?? null;
    },
  };
}

export async function playReply(parts: AsyncIterable<ReplyPart>, opts: ReplyOptions): Promise<ReplyResult> {
  const queue = unitQueue();
  const result: ReplyResult = { sentences: [], outcome: null, segments: [] };
  let producerError: unknown = null;

  const producer = (async () => {
    const splitter = opts.newSplitter();
    try {
      for await (const part of parts) {
        if (opts.signal.aborted) break;
        switch (part.type) {
          case 'phrase':
            // Generated words still waiting for their sentence's end are said first, in order.
            for (const s of splitter.flush()) queue.push({ text: s, cacheable: false });
            queue.push({ text: part.text, cacheable: true });
            break;
          case 'text':
            for (const s of splitter.flush()) queue.push({ text: s, cacheable: false });
            queue.push({ text: part.text, cacheable: false });
            break;
          case 'llm-delta':
            opts.timer.kind = 'generative';
            opts.timer.mark('llmFirstToken');
            for (const s of splitter.push(part.text)) {
              opts.timer.mark('firstSentence');
              queue.push({ text: s, cacheable: false });
            }
            break;
          case 'end':
            result.outcome = part.outcome;
            if (part.transfer) result.transfer = part.transfer;
            break;
        }
      }
      for (const s of splitter.flush()) queue.push({ text: s, cacheable: false });
    } catch (e) {
      producerError = e;
    } finally {
      queue.close();
    }
  })();

  let seq = 0;
  const speakUnit = async (unit: Unit, whole: boolean) => {
    if (!unit.text.trim() || opts.signal.aborted) return;
    opts.timer.mark('firstSentence');
    result.sentences.push(unit.text);
    const segId = `${opts.segmentPrefix}.${seq++}`;
    const chunks: Uint8Array[] = [];
    let began = false;
    for await (const chunk of opts.speaker.speak(unit.text, {
      signal: opts.signal,
      cacheable: unit.cacheable,
      onFirstByte: (fromCache) => {
        opts.timer.mark('ttsFirstByte');
        if (fromCache) opts.timer.cacheHit = true;
      },
    })) {
      if (opts.signal.aborted) return;
      if (whole) {
        chunks.push(chunk);
        continue;
      }
      if (!began) {
        opts.player.beginSegment(segId);
        result.segments.push(segId);
        began = true;
      }
      opts.player.push(chunk);
    }
    if (whole && chunks.length > 0) {
      opts.player.beginSegment(segId);
      result.segments.push(segId);
      for (const c of chunks) opts.player.push(c);
      began = true;
    }
    if (began) opts.player.endSegment();
  };

  if (opts.streaming) {
    for (let unit = await queue.next(); unit; unit = await queue.next()) await speakUnit(unit, false);
  } else {
    const all: Unit[] = [];
    for (let unit = await queue.next(); unit; unit = await queue.next()) all.push(unit);
    const text = all
      .map((u) => u.text.trim())
      .filter(Boolean)
      .join(' ');
    if (text) await speakUnit({ text, cacheable: false }, true);
  }
  await producer;
  if (producerError && !opts.signal.aborted) throw producerError;
  return result;
}
