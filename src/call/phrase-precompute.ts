// Synthesizes every fixed phrase of an organization into the phrase cache, so its calls start
// with ready audio; its stored phrases become exactly these (edited ones replaced). Runs at
// start-up (in the background) and, rate-limited, when an org is created or changed.
import type { Organization } from '../db/schema.ts';
import type { TtsProvider } from '../providers/tts/types.ts';
import type { PhraseCache, PrecomputeReport } from './phrase-cache.ts';
import { resolveSettings } from '../templates/index.ts';
import { fixedPhrases } from '../dialogue/phrases.ts';

export async function precomputeOrgPhrases(
  cache: PhraseCache,
  tts: TtsProvider,
  org: Organization,
  signal?: AbortSignal,
): Promise<PrecomputeReport> {
  const settings = resolveSettings(org.vertical, org.settings);
  const voice = settings.voice || tts.defaultVoice;
  const phrases = fixedPhrases(settings, org.name);
  return cache.precompute(tts, voice, phrases, { orgId: org.id, ...(signal ? { signal } : {}) });
}
