// The voice a call speaks in, per language: the org's choice, else a voice of that language in
// the engine used (Polly's US-Spanish neural Lupe; eSpeak's Latin American Spanish, es-419).
import type { Language } from '../nlu/language.ts';
import type { OrgSettings, Vertical } from '../templates/types.ts';
import { getSpanishTemplate } from '../templates/es/index.ts';
import type { TtsProvider } from '../providers/tts/types.ts';

/** An engine's own Spanish voice: Polly's es-US neural voice, eSpeak's Latin American Spanish. */
export function spanishVoiceOf(tts: Pick<TtsProvider, 'engine'>): string {
  if (tts.engine.startsWith('polly')) return 'Lupe';
  return 'es-419';
}

export function voiceFor(
  settings: Pick<OrgSettings, 'voice' | 'voices'>,
  lang: Language,
  tts: Pick<TtsProvider, 'engine' | 'defaultVoice'>,
): string {
  const chosen = settings.voices?.[lang];
  if (chosen) return chosen;
  if (lang === 'es') return spanishVoiceOf(tts);
  return settings.voice || tts.defaultVoice;
}

/** Words to boost in recognition: the org's, plus the Spanish template's when calls may be in Spanish. */
export function asrKeywordsFor(
  settings: Pick<OrgSettings, 'asrKeywords'>,
  vertical: Vertical,
  languages: readonly Language[],
): string[] {
  const es = languages.includes('es') ? getSpanishTemplate(vertical).asrKeywords : [];
  const en = languages.includes('en') ? settings.asrKeywords : [];
  return [...new Set([...en, ...es])];
}
