// The seams of a call: what a carrier's media stream gives the call and takes from it, and what
// the call needs from the dialogue. Carriers and the dialogue depend on these, not on each other.
import type { NluContext, NluResult } from '../nlu/types.ts';
import type { ReplyPart } from '../dialogue/types.ts';

export type { ReplyPart };

export type EndReason = 'stop' | 'socket_closed' | 'drain' | 'error' | 'hangup';

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
}

/** What the call needs from the dialogue. */
export interface ConversationPort {
  begin(): AsyncIterable<ReplyPart>;
  handleUtterance(
    text: string,
    opts?: { nlu?: NluResult; confidence?: number; signal?: AbortSignal; asrLanguage?: string },
  ): AsyncIterable<ReplyPart>;
  handleDtmf(digit: string): AsyncIterable<ReplyPart>;
  /** The caller stayed silent after a reply: re-ask, or say goodbye and end. */
  handleNoInput?(): AsyncIterable<ReplyPart>;
  nluContext(): NluContext;
  outcome(): string | null;
  done(): boolean;
}
