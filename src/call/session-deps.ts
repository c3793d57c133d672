// What a call session is built from: the stream it talks to, the dialogue, the providers, the
// recorder that keeps what happened, and the tuning of its turn taking.
import type { CallLines } from './turn-runner.ts';
import type { AsrProvider } from '../providers/asr/types.ts';
import type { Nlu } from '../nlu/types.ts';
import type { Logger } from '../log.ts';
import type { PlayedSegment } from '../telephony/outbound-player.ts';
import type { CallSummary, CallRecorder } from './call-recorder.ts';
import type { ConversationPort, StreamCommands } from './ports.ts';
import type { SentenceSplitter } from './reply-player.ts';
import type { Speaker } from './speaker.ts';
import type { TurnLatency } from './turn-timing.ts';
import type { FillerOptions } from './turn-filler.ts';
import type { CallLimits } from './call-limits.ts';
import type { CallTimers } from './call-timers.ts';

export type { CallSummary };

export interface SessionFeatures {
  sentenceStreaming: boolean;
  speculation: boolean;
  adaptiveEndpoint: boolean;
}

export interface SessionEvents {
  onTurn?(latency: TurnLatency): void;
  onBargeIn?(cut: PlayedSegment[]): void;
  onEnd?(summary: CallSummary): void;
  onSpeculation?(hit: boolean): void;
  onAdaptiveEndpoint?(wrong: boolean): void;
  /** Sampled: ms by which a caller frame reached the ASR later than its place in real time. */
  onInboundLag?(ms: number): void;
}

export interface SessionDeps {
  /** What the call itself says (silence prompts, limits) in the call's language; English if absent. */
  callLines?: CallLines;
  /** Our own id for the call (not the carrier's). */
  callId: string;
  /** The carrier's id for this media stream. */
  streamId: string;
  commands: StreamCommands;
  conversation: ConversationPort;
  asr: AsrProvider | null;
  asrKeywords: string[];
  /** The languages the call may be in, for the ASR's model and language. */
  asrLanguages?: Array<'en' | 'es'>;
  nlu: Nlu;
  speaker: Speaker;
  newSplitter: () => SentenceSplitter;
  /** Transcript, turn rows, usage and cost: everything the call stores goes through here. */
  recorder: CallRecorder;
  log: Logger;
  features: SessionFeatures;
  leadMs: number;
  /** Reply audio per media message; default 200 ms. */
  mediaOutChunkMs?: number;
  timeScale: number;
  speculationStableMs: number;
  vadSilenceMs: number;
  /** A caller turn whose reply starts later than this after the caller stopped gets a filler first. */
  filler?: FillerOptions;
  events?: SessionEvents;
  /** Silence, length, turn and keypad bounds; without them the call is unbounded. */
  limits?: CallLimits;
  /** Timers for the bounds, playout and turn taking; `now` is the monotonic latency clock. */
  timers?: CallTimers;
  /** Sends a text to the business (a caller who could not be heard); never awaited. */
  notifyBusiness?(body: string): void;
  callerPhone?: string | null;
}
