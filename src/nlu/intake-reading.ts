// An answer to an intake question, read by the local rules: an address, a date or the caller's
// own words. The dialogue reads answers with these rules; local-first understanding uses them too,
// so an answer the rules can read is not sent to the model for a round trip it does not need.
import type { IntakeField, NluContext, NluResult } from './types.ts';
import { extractAddress } from './address.ts';
import { extractDate } from './date-answer.ts';
import { extractAddressEs, extractDateEs } from './es/intake-answers.ts';

/** Confidence of a reading: at the local-first bar, since it is what the dialogue will use. */
const READ = 0.9;

/**
 * The answer in the caller's words, or nothing. `asked`: the question was just asked (a date or
 * free words count only then; an address said in passing counts too). Yes/no and named options
 * are read with the rest of the utterance, not here.
 */
export function readIntakeWords(
  kind: IntakeField['kind'],
  text: string,
  lang: 'en' | 'es',
  asked: boolean,
): string | undefined {
  switch (kind) {
    case 'address':
      return (lang === 'es' ? extractAddressEs : extractAddress)(text, { asked });
    case 'date':
      return asked ? (lang === 'es' ? extractDateEs : extractDate)(text) : undefined;
    case 'text': {
      const words = asked ? text.trim() : '';
      return words ? words.slice(0, 300) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The rules' result with the open question's answer added when they can read it (and then
 * confident enough to stand); unchanged when they cannot, so the model may be asked. What else
 * the rules heard ("there's a gas smell", "actually make it Friday") is kept beside the answer.
 */
export function withIntakeAnswer(r: NluResult, text: string, ctx: NluContext): NluResult {
  if (ctx.expecting !== 'intake' || !ctx.asking) return r;
  const field = ctx.intake?.find((f) => f.id === ctx.asking);
  if (!field) return r;
  const yn = r.slots.yesNo;
  const value =
    field.kind === 'yesNo'
      ? yn === 'yes' || yn === 'no'
        ? yn
        : undefined
      : readIntakeWords(field.kind, text, ctx.language ?? 'en', true);
  if (!value) return r;
  const slots = { ...r.slots, intake: { ...r.slots.intake, [field.id]: value } };
  return { ...r, slots, confidence: Math.max(r.confidence, READ) };
}
