// How a call ended, from the caller's side: the one list that the dialogue, the call, metrics,
// the API and the scenarios share.

/** What the dialogue itself can conclude. */
export const DIALOGUE_OUTCOMES = [
  'booked',
  'rescheduled',
  'cancelled',
  'answered',
  'escalated',
  'callback',
  'hung_up',
  /** Handed to a person by a live transfer that was answered. */
  'transferred',
  /** The caller left a message for the business. */
  'message',
] as const;
/** Ends the call decides on top of the dialogue (length, turn count, speech recognition lost). */
export const LIMIT_OUTCOMES = ['time_limit', 'turn_limit', 'asr_lost'] as const;
export const CALL_OUTCOMES = [...DIALOGUE_OUTCOMES, ...LIMIT_OUTCOMES] as const;

export type DialogueOutcome = (typeof DIALOGUE_OUTCOMES)[number];
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export function isCallOutcome(s: string): s is CallOutcome {
  return (CALL_OUTCOMES as readonly string[]).includes(s);
}
