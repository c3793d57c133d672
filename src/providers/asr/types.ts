// Streaming speech recognition seam. Audio in (8 kHz μ-law, as Twilio sends it), events out.

export interface AsrWord {
  word: string;
  /** Seconds from the start of the stream. */
  start: number;
  end: number;
  confidence: number;
}

export type AsrEvent =
  | { type: 'interim'; text: string; words: AsrWord[]; confidence: number; start: number; end: number }
  | {
      type: 'final';
      text: string;
      words: AsrWord[];
      confidence: number;
      /** The ASR's endpointing saw the end of the caller's turn. */
      speechFinal: boolean;
      fromFinalize: boolean;
      /** The language the recognizer heard, when it tags one (multilingual models). */
      language?: string;
      start: number;
      end: number;
    }
  | { type: 'speech-started'; timestamp: number }
  | { type: 'utterance-end'; lastWordEnd: number }
  | { type: 'reconnecting'; attempt: number; reason: string }
  | { type: 'error'; message: string; retryable: boolean }
  | { type: 'closed'; code: number; reason: string };

export interface AsrStream extends AsyncIterable<AsrEvent> {
  /**
   * Never blocks: audio is queued (bounded) while the socket is (re)connecting. `quiet`: the caller
   * is not speaking and no turn waits on the recognizer, so the stream may hold this audio a little
   * to send fewer messages; audio pushed without it is never held behind it.
   */
  pushAudio(mulaw: Uint8Array, quiet?: boolean): void;
  /** Ask the ASR to flush what it has heard now (hang-up, adaptive turn end). */
  finalize(): void;
  close(): Promise<void>;
}

export interface AsrOpenOptions {
  /** Our own id for the call (tags the ASR session, so its logs can be matched to ours). */
  callId: string;
  keywords?: string[];
  /** The languages the call may be in (English when absent): picks the model and its language. */
  languages?: Array<'en' | 'es'>;
  signal?: AbortSignal;
}

export interface AsrProvider {
  readonly name: string;
  open(opts: AsrOpenOptions): AsrStream;
}
