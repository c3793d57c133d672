// One understanding per language, chosen by the turn's language (the context says which): a
// Spanish turn never meets the English rules, and speculation on a partial transcript uses the
// same choice as the final turn.
import type { Language } from './language.ts';
import type { Nlu } from './types.ts';

export function createLanguageNlu(byLanguage: Record<Language, Nlu>): Nlu {
  return {
    name: byLanguage.en.name,
    classify: (text, ctx, signal) => byLanguage[ctx.language ?? 'en'].classify(text, ctx, signal),
  };
}
