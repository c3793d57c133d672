// Synthesizes every fixed phrase of an organization into the phrase cache, so its calls start
// with ready audio; its stored phrases become exactly these (edited ones replaced). Runs at
// start-up (in the background) and, rate-limited, when an org is created or changed. An org that
// takes calls in Spanish gets its Spanish phrases too, in its Spanish voice, under `es:` ids.
import type { Organization } from '../db/schema.ts';
import type { TtsProvider } from '../providers/tts/types.ts';
import type { OrgPhrase, PhraseCache, PrecomputeReport } from './phrase-cache.ts';
import { resolveSettings } from '../templates/index.ts';
import { fixedPhrases } from '../dialogue/phrases.ts';
import { fixedPhrasesEs } from '../dialogue/phrases-es.ts';
import { languagePhrases, languagesOf } from '../dialogue/language-switch.ts';
import { esId } from '../dialogue/localized.ts';
import { voiceFor } from './language-voice.ts';

/** The org's fixed phrases in each of its languages, each with the voice it is spoken in. */
export function orgPhrases(org: Organization, tts: Pick<TtsProvider, 'engine' | 'defaultVoice'>): OrgPhrase[] {
  const settings = resolveSettings(org.vertical, org.settings);
  const langs = languagesOf(settings);
  const out: OrgPhrase[] = [];
  if (langs.includes('en')) {
    const voice = voiceFor(settings, 'en', tts);
    for (const p of [...fixedPhrases(settings, org.name), ...languagePhrases(settings, 'en')])
      out.push({ ...p, voice });
  }
  if (langs.includes('es')) {
    const voice = voiceFor(settings, 'es', tts);
    for (const p of fixedPhrasesEs(settings, org.vertical, org.name)) out.push({ id: esId(p.id), text: p.text, voice });
    for (const p of languagePhrases(settings, 'es')) out.push({ ...p, voice });
  }
  return out;
}

export async function precomputeOrgPhrases(
  cache: PhraseCache,
  tts: TtsProvider,
  org: Organization,
  signal?: AbortSignal,
): Promise<PrecomputeReport> {
  const settings = resolveSettings(org.vertical, org.settings);
  const voice = voiceFor(settings, 'en', tts);
  return cache.precompute(tts, voice, orgPhrases(org, tts), { orgId: org.id, ...(signal ? { signal } : {}) });
}
