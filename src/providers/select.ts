// Picks the provider for each stage from configuration: the real adapter when its credentials are
// set, the embedded default otherwise.
import type { AsrProvider } from './asr/types.ts';
import type { LlmProvider } from './llm/types.ts';
import type { TtsProvider } from './tts/types.ts';
import type { CalendarProvider } from './calendar/types.ts';
import type { NotifyProvider } from './notify/types.ts';
import type { Nlu } from '../nlu/types.ts';

export interface Providers {
  /** null: no ASR configured; callers can only be heard through a Deepgram-compatible endpoint. */
  asr: AsrProvider | null;
  llm: LlmProvider | null;
  nlu: Nlu;
  tts: TtsProvider;
  /** Fallback speech when the main TTS fails (the embedded engine). */
  fallbackTts: TtsProvider;
  calendarFor(org: { settings: Record<string, unknown> }): CalendarProvider;
  notify: NotifyProvider;
  /** stage → provider name, for the start-up log. */
  describe(): Record<string, string>;
}
