// An answer to the intake question just asked, read by the local rules: an address, a date, a
// yes or no, or the caller's own words. When the rules can read it the model has nothing to add
// (the dialogue reads the answer with these same rules), so local-first understanding stops here
// instead of waiting on a model round trip for every intake answer.
import type { IntakeField, NluContext, NluResult, YesNo } from './types.ts';

export interface IntakeReaders {
  address(text: string, opts: { asked: boolean }): string | undefined;
  date(text: string): string | undefined;
  yesNo(text: string): YesNo | undefined;
}

/** Confidence of a reading: at the local-first bar, since it is what the dialogue will use. */
const READ = 0.9;

/**
 * The rules' result with the open question's answer added when they can read it (and then
 * confident enough to stand); unchanged when they cannot, so the model may be asked. What else
 * the rules heard ("there's a gas smell", "actually make it Friday") is kept beside the answer.
 */
export function withIntakeAnswer(r: NluResult, text: string, ctx: NluContext, read: IntakeReaders): NluResult {
  if (ctx.expecting !== 'intake' || !ctx.asking) return r;
  const field = ctx.intake?.find((f) => f.id === ctx.asking);
  const answer = field ? readAnswer(field, text, read) : null;
  if (!field || !answer) return r;
  const slots = { ...r.slots, intake: { ...r.slots.intake, [field.id]: answer.value } };
  if (answer.yesNo) slots.yesNo = answer.yesNo;
  return { ...r, slots, confidence: Math.max(r.confidence, READ) };
}

function readAnswer(field: IntakeField, text: string, read: IntakeReaders): { value: string; yesNo?: YesNo } | null {
  switch (field.kind) {
    case 'address': {
      const value = read.address(text, { asked: true });
      return value ? { value } : null;
    }
    case 'date': {
      const value = read.date(text);
      return value ? { value } : null;
    }
    case 'yesNo': {
      const yn = read.yesNo(text);
      return yn === 'yes' || yn === 'no' ? { value: yn, yesNo: yn } : null;
    }
    case 'text': {
      const words = text.trim();
      return words ? { value: words.slice(0, 300) } : null;
    }
    // A named option may be said many ways (and in either language): the model's reading helps.
    case 'choice':
      return null;
  }
}
