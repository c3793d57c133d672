// How sure the local rules are of what they understood, in any language: the words answered what
// was asked (high), or at least said what the caller wants (middle), or held something (low).
import type { Expectation, Intent, NluSlots } from './types.ts';

export function localConfidence(expecting: Expectation, intent: Intent, slots: NluSlots): number {
  const yn = slots.yesNo;
  const known = intent !== 'unknown';
  const answered: Record<Expectation, boolean> = {
    confirm: yn === 'yes' || yn === 'no',
    anything_else: yn !== undefined || known,
    callback: yn !== undefined,
    name: Boolean(slots.name),
    service: Boolean(slots.service),
    time: Boolean(slots.time),
    vehicle: Boolean(slots.vehicle),
    stylist: Boolean(slots.stylist),
    alternative: slots.choice !== undefined || Boolean(slots.time) || yn !== undefined,
    intent: known,
    digits: Boolean(slots.lastFour),
    // Intake answers are read from the words by the dialogue itself (intake-reading.ts).
    intake: false,
  };
  let score = known ? 0.1 : 0;
  // Asking for the other language is an answer to whatever was asked.
  if (answered[expecting] || slots.language) score += 0.85;
  else if (known) score += 0.5;
  else if (Object.keys(slots).length > 0) score += 0.3;
  return Math.min(1, score);
}
