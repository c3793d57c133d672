// Service names as a person says them in a sentence: "an AC repair", "a maintenance visit",
// "your oil change" — not "a AC Repair" or "I have a Maintenance".
import type { OrgSettings } from '../templates/types.ts';

/** Letters whose spoken name starts with a vowel sound: "an AC", "an HVAC", "an MRI". */
const VOWEL_LETTERS = /^[AEFHILMNORSX]/;

/** The service as spoken mid-sentence: the template's spoken form, else its name in lower case (acronyms kept). */
export function spokenService(settings: OrgSettings, name: string): string {
  const def = settings.services.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (def?.spoken) return def.spoken;
  return name
    .split(' ')
    .map((w) => (/^[A-Z0-9]{2,5}$/.test(w) ? w : w.toLowerCase()))
    .join(' ');
}

/** "a" or "an" by how the word sounds, not how it is spelled. */
export function articleFor(phrase: string): 'a' | 'an' {
  const first = phrase.split(' ')[0] ?? '';
  if (/^[A-Z]{2,5}$/.test(first)) return VOWEL_LETTERS.test(first) ? 'an' : 'a';
  const w = first.toLowerCase();
  if (/^(hour|honest|honou?r|heir)/.test(w)) return 'an';
  if (/^(uni|use|usu|eu|one|once|u[bcfgklmrstv][aeiou])/.test(w)) return 'a';
  return /^[aeiou]/.test(w) ? 'an' : 'a';
}

/** "an AC repair", "a maintenance visit". */
export function withArticle(phrase: string): string {
  return `${articleFor(phrase)} ${phrase}`;
}
