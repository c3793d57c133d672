// An org's languages in its settings: which ones its calls are taken in, the one a call starts in,
// and a voice per language.
import { z } from 'zod';

const Language = z.enum(['en', 'es']);
const Voice = z.string().trim().min(1).max(64);

export const LanguageSettings = z.object({
  languages: z
    .array(Language)
    .min(1)
    .max(2)
    .refine((l) => new Set(l).size === l.length, 'languages must not repeat'),
  primaryLanguage: Language,
  voices: z.object({ en: Voice, es: Voice }).strict().partial(),
});
