// What a call leaves behind: its transcript, one row per turn, and at the end its status,
// outcome, usage and cost. Every write goes to the write queue (nothing here awaits the disk),
// and every caller or assistant word passes the privacy rule first.
import type { WriteQueue } from '../db/write-queue.ts';
import type { CallStatus } from '../db/schema.ts';
import { queueCallEnd, queueCallSummary, queueStreamStarted, queueTurn } from '../db/calls-repo.ts';
import { storableSummary, storableTranscript, storableTurnText, type HipaaAware } from '../privacy/hipaa.ts';
import type { EndReason } from './ports.ts';
import type { TurnLatency } from './turn-timing.ts';
import type { CallSummaryResult } from './call-summary.ts';

export interface CallSummary {
  callId: string;
  status: CallStatus;
  durationSeconds: number;
  outcome: string | null;
  turns: number;
  inboundAudioSeconds: number;
  usage: Record<string, number>;
}

/** One turn being recorded: started when it starts running, finished when its reply is over. */
export interface TurnRecording {
  /** `noAudioSentences`: sentences of the reply that produced no audio. */
  finish(assistantText: string, latency: TurnLatency, bargedIn: boolean, noAudioSentences?: number): void;
}

export interface CallEndFacts {
  reason: EndReason;
  outcome: string | null;
  turns: number;
  inboundAudioSeconds: number;
  /** The caller asked to book at some point. */
  wantedBooking?: boolean;
  /** What the call was about (stored unless HIPAA mode forbids it). */
  summary?: string;
}

export interface CallRecorder {
  streamStarted(streamId: string): void;
  callerSaid(text: string): void;
  callerPressed(digits: string): void;
  turnStarted(index: number, callerText: string | null): TurnRecording;
  /** Queues the call's final row and returns what was recorded. */
  end(facts: CallEndFacts): CallSummary;
  /** Resolves once the post-call summary (if one is being written) has been queued. */
  settled(): Promise<void>;
}

export interface CallRecorderDeps {
  callId: string;
  writes: WriteQueue;
  /** Epoch ms for the rows. */
  wallNow: () => number;
  /** The org's privacy flags (HIPAA mode keeps no words); without them everything is kept. */
  privacy?: HipaaAware;
  /** Extra usage counters merged into the call's usage (LLM tokens, measured by a wrapper). */
  usage?: () => Record<string, number>;
  /** Speech synthesized for the call so far (read at the end). */
  ttsUsage: {
    readonly ttsCharacters: number;
    readonly cachedCharacters: number;
    readonly noAudioSentences?: number;
  };
  /** Where the call's audio recording was written, read at the end (null: not recorded). */
  recordingPath?: () => string | null;
  /** USD cost of the call from its measured usage. */
  costOf?: (usage: Record<string, number>) => number;
  /**
   * A later leg of the same call (back from an unanswered transfer): its turns are numbered after
   * the first leg's and its transcript is added to the first leg's.
   */
  leg?: number;
  /** The language the call is in (read at the end). */
  language?: () => string;
  /**
   * Rewrites the dialogue's summary from the transcript after the call (the LLM); resolves to the
   * fallback on failure. Given only when the org's caller text may go to the LLM.
   */
  summarize?: (transcript: string, fallback: string) => Promise<CallSummaryResult>;
}

/** Turn numbers per leg: a leg's turns sort after the previous leg's. */
const TURNS_PER_LEG = 1000;

/** A call that ends on its own terms (or ours) completed; a broken stream or an error failed. */
export function callStatus(reason: EndReason): CallStatus {
  return reason === 'stop' || reason === 'hangup' || reason === 'drain' || reason === 'transfer'
    ? 'completed'
    : 'failed';
}

export function createCallRecorder(deps: CallRecorderDeps): CallRecorder {
  const startedWall = deps.wallNow();
  const transcript: string[] = [];
  const turnText = (s: string) => (deps.privacy ? storableTurnText(deps.privacy, s) : s);
  const summaryText = (s: string) => (deps.privacy ? storableSummary(deps.privacy, s) : s);
  let summarized: Promise<void> = Promise.resolve();
  return {
    streamStarted(streamId) {
      queueStreamStarted(deps.writes, deps.callId, streamId);
    },
    callerSaid(text) {
      transcript.push(`Caller: ${text}`);
    },
    callerPressed(digits) {
      transcript.push(`Caller: [pressed ${digits}]`);
    },
    turnStarted(index, callerText) {
      const startedAt = deps.wallNow();
      return {
        finish(assistantText, latency, bargedIn, noAudioSentences = 0) {
          if (assistantText) transcript.push(`Assistant: ${assistantText}`);
          queueTurn(deps.writes, {
            callId: deps.callId,
            index: index + ((deps.leg ?? 1) - 1) * TURNS_PER_LEG,
            callerText: callerText === null ? null : turnText(callerText),
            assistantText: turnText(assistantText),
            latency: {
              ...latency.stages,
              kind: latency.kind,
              speculationHit: latency.speculationHit,
              adaptiveEndpoint: latency.adaptiveEndpoint,
              cacheHit: latency.cacheHit,
              bargedIn,
            },
            latencyMs: latency.totalMs,
            noAudioSentences,
            startedAt: new Date(startedAt),
            endedAt: new Date(deps.wallNow()),
          });
        },
      };
    },
    end(facts) {
      const endedAt = deps.wallNow();
      const durationSeconds = Math.max(0, (endedAt - startedWall) / 1000);
      const status = callStatus(facts.reason);
      const usage: Record<string, number> = {
        ...(deps.usage?.() ?? {}),
        asrSeconds: facts.inboundAudioSeconds,
        ttsCharacters: deps.ttsUsage.ttsCharacters,
        ttsCachedCharacters: deps.ttsUsage.cachedCharacters,
        durationSeconds,
      };
      const text = transcript.join('\n');
      queueCallEnd(deps.writes, {
        callId: deps.callId,
        status,
        endedAt,
        durationSeconds,
        outcome: facts.outcome,
        ...(facts.wantedBooking !== undefined ? { bookingWanted: facts.wantedBooking } : {}),
        transcript: deps.privacy ? storableTranscript(deps.privacy, text) : text,
        ...((deps.leg ?? 1) > 1 ? { laterLeg: true } : {}),
        ...(facts.summary !== undefined ? { summary: summaryText(facts.summary) } : {}),
        usage,
        noAudioSentences: deps.ttsUsage.noAudioSentences ?? 0,
        recordingPath: deps.recordingPath?.() ?? null,
        ...(deps.costOf ? { cost: deps.costOf(usage) } : {}),
        ...(deps.language ? { language: deps.language() } : {}),
      });
      // The dialogue's summary is stored now; the LLM's replaces it when it comes. A summary that
      // could not be stored (HIPAA mode) is not worth sending the transcript for.
      const fallback = facts.summary === undefined ? null : summaryText(facts.summary);
      if (deps.summarize && fallback && text) {
        summarized = deps.summarize(text, fallback).then(
          (r) => {
            const kept = summaryText(r.text);
            const changed = kept && kept !== fallback ? { summary: kept } : {};
            // The summary's tokens join the call's: what the call cost includes writing it up.
            const tokens = { llmPromptTokens: r.promptTokens, llmCompletionTokens: r.completionTokens };
            const withSummary = {
              ...usage,
              llmPromptTokens: (usage.llmPromptTokens ?? 0) + r.promptTokens,
              llmCompletionTokens: (usage.llmCompletionTokens ?? 0) + r.completionTokens,
            };
            const cost = deps.costOf ? deps.costOf(withSummary) - deps.costOf(usage) : null;
            const spent = r.promptTokens + r.completionTokens > 0 ? { spent: { usage: tokens, cost } } : {};
            if (changed.summary !== undefined || spent.spent)
              queueCallSummary(deps.writes, deps.callId, { replaces: fallback, ...changed, ...spent });
          },
          () => undefined,
        );
      }
      return {
        callId: deps.callId,
        status,
        durationSeconds,
        outcome: facts.outcome,
        turns: facts.turns,
        inboundAudioSeconds: facts.inboundAudioSeconds,
        usage,
      };
    },
    settled: () => summarized,
  };
}
