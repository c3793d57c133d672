// Text-to-speech seam: text (or SSML) in, 8 kHz μ-law out as it is produced.

export interface TtsRequest {
  text: string;
  /** When true, `text` is a complete <speak>…</speak> document. */
  ssml?: boolean;
  voice?: string;
  signal?: AbortSignal;
  /** Billed characters, reported once per request. */
  onUsage?: (usage: { characters: number }) => void;
}

export interface TtsProvider {
  readonly name: string;
  /** Identifies the engine in phrase-cache keys (audio differs between engines). */
  readonly engine: string;
  readonly defaultVoice: string;
  /** Yields 8 kHz μ-law chunks of any length, in order, as soon as they exist. */
  synthesize(req: TtsRequest): AsyncIterable<Uint8Array>;
}
