// A bilingual org's phrase cache holds both languages, each in its own voice, so a Spanish call's
// fixed phrases are served from the cache like an English call's.
import { describe, expect, test } from 'bun:test';
import { orgPhrases } from '../../src/call/phrase-precompute.ts';
import type { Organization } from '../../src/db/schema.ts';

const org = (settings: Record<string, unknown>): Organization =>
  ({
    id: 'org-1',
    name: 'Polar Air',
    phoneNumber: '+15125550100',
    timezone: 'America/Chicago',
    vertical: 'hvac',
    settings,
  }) as Organization;
const polly = { engine: 'polly-neural', defaultVoice: 'Joanna' };
const espeak = { engine: 'espeak-ng', defaultVoice: 'en-us' };

describe('phrases precomputed per language', () => {
  test('an English-only org precomputes English phrases only, as before', () => {
    const list = orgPhrases(org({}), polly);
    expect(list.some((p) => p.id.startsWith('es:'))).toBe(false);
    expect(new Set(list.map((p) => p.voice))).toEqual(new Set(['Joanna']));
  });

  test('a bilingual org gets both: Spanish under es: ids in the Spanish voice', () => {
    const list = orgPhrases(org({ languages: ['en', 'es'] }), polly);
    const greeting = list.find((p) => p.id === 'es:greeting');
    expect(greeting?.voice).toBe('Lupe');
    expect(greeting?.text).toContain('Gracias por llamar a Polar Air');
    expect(list.find((p) => p.id === 'greeting')?.voice).toBe('Joanna');
    // The offer is said during the English greeting, the confirmation after the switch.
    expect(list.find((p) => p.id === 'languageOffer:es')?.voice).toBe('Joanna');
    expect(list.find((p) => p.id === 'languageSwitched:es')?.voice).toBe('Lupe');
  });

  test('the org chooses its Spanish voice; the embedded engine speaks es-419', () => {
    const chosen = orgPhrases(org({ languages: ['es'], voices: { es: 'Pedro' } }), polly);
    expect(new Set(chosen.map((p) => p.voice))).toEqual(new Set(['Pedro']));
    const embedded = orgPhrases(org({ languages: ['es'] }), espeak);
    expect(new Set(embedded.map((p) => p.voice))).toEqual(new Set(['es-419']));
  });
});
