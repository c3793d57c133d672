// The seams of a call: what a carrier's media stream gives the call and takes from it, and what
// the call needs from the dialogue. Carriers and the dialogue depend on these, not on each other.
import type { NluContext, NluResult } from '../nlu/types.ts';
import type { EarlyAnswer } from '../dialogue/generated-answer.ts';
import type { ReplyPart, TransferPlan } from '../dialogue/types.ts';

export type { ReplyPart };

export type EndReason = 'stop' | 'socket_closed' | 'drain' | 'error' | 'hangup' | 'transfer';

/** What a carrier's media stream drives on a live call. */
export interface CallSessionHandle {
  onAudio(payload: Uint8Array, timestampMs: number): void;
  onMark(name: string): void;
  onDtmf(digit: string): void;
  end(reason: EndReason): Promise<void>;
}

/** What a live call sends back down the carrier's media stream. */
export interface StreamCommands {
  sendMedia(payload: Uint8Array): boolean;
  sendMark(name: string): void;
  sendClear(): void;
  /** Our side ends the call (goodbye played). */
  hangup(): void;
  /** Hands the call to a person (the sentence before it played); a carrier that cannot hangs up. */
  transfer?(plan: TransferPlan): void;
}

/** What the call needs from the dialogue. */
export interface ConversationPort {
  begin(): AsyncIterable<ReplyPart>;
  handleUtterance(
    text: string,
    opts?: {
      nlu?: NluResult;
      confidence?: number;
      signal?: AbortSignal;
      early?: EarlyAnswer | null;
      asrLanguage?: string;
    },
  ): AsyncIterable<ReplyPart>;
  /** Starts the generated answer these words would get, ahead of the final transcript; null if none. */
  speculate?(text: string, nlu: NluResult): EarlyAnswer | null;
  handleDtmf(digit: string): AsyncIterable<ReplyPart>;
  /** The caller stayed silent after a reply: re-ask, or say goodbye and end. */
  handleNoInput?(): AsyncIterable<ReplyPart>;
  nluContext(): NluContext;
  outcome(): string | null;
  /** The caller asked to book at some point (booking success counts the call). */
  wantedBooking?(): boolean;
  done(): boolean;
  /** One or two sentences on what the call was about (stored on the call). */
  summary?(): string;
}
