// When a filled slot may change. Callers say more than they are asked ("the light comes on every
// cold morning", "my tire pressure is low too"): such passing words never overwrite what was
// already given. Only an answer to the question just asked, an explicit correction, or a new
// request replaces a filled slot.
import type { NluResult } from '../nlu/types.ts';
import type { SlotName, Slots } from './types.ts';
import { keepClockOfPrevious, keepDayOfPrevious } from './time-match.ts';

/** Words that mark a change of mind: "actually", "make it", "instead", a leading "no". */
const CORRECTION =
  /(^|\b)(actually|instead|rather|rather than|change (?:it|that|the|my)|make (?:it|that)|switch|i meant|i mean|scratch that|correction|not .{1,40} but|how about|what about|(?:can|could) (?:we|you) do|let's do|let's make)\b|^\s*(?:no|nope|nah)\b/;
/** The same in Spanish: "mejor", "en vez de", "cámbiela", "quise decir". */
const CORRECTION_ES =
  /(^|\s)(mejor|en vez|en lugar|m[aá]s bien|c[aá]mbiel[oa]|cambie|quise decir|pens[aá]ndolo bien|mejor dicho)(\s|$)/;

export function isCorrection(text: string): boolean {
  const t = text.toLowerCase().replace(/[’]/g, "'");
  return CORRECTION.test(t) || CORRECTION_ES.test(t);
}

const SLOT_KEYS = ['service', 'name', 'time', 'vehicle', 'stylist'] as const;

/**
 * May this utterance replace filled slots? A correction may, and so may a short reply that states
 * one value and nothing else ("Tuesday at 10 AM", "an oil change"): that is the caller restating
 * it, not a word in passing.
 */
export function mayReplace(text: string, nlu: NluResult): boolean {
  if (isCorrection(text)) return true;
  const named = SLOT_KEYS.filter((k) => nlu.slots[k] !== undefined).length;
  return named === 1 && text.trim().split(/\s+/).length <= 5;
}

/** How an utterance may fill slots: which question it answers, and whether it corrects. */
export interface MergeMode {
  /** The slot the caller was just asked for, if any. */
  asked: SlotName | null;
  /** A correction or a fresh request: every slot it names replaces the old value. */
  replace: boolean;
  /** A fresh request keeps the caller's name: only a correction or an answer changes it. */
  keepName?: boolean;
}

/** Fill slots from an utterance: empty ones always; filled ones only when asked for or corrected. */
export function mergeSlots(s: Slots, nlu: NluResult, mode: MergeMode, tz: string): Slots {
  const out = { ...s };
  const n = nlu.slots;
  const may = (k: SlotName) => s[k] === undefined || mode.asked === k || mode.replace;
  if (n.service && may('service')) out.service = n.service;
  if (n.name && (mode.keepName ? s.name === undefined || mode.asked === 'name' : may('name'))) out.name = n.name;
  if (n.time && may('time')) out.time = keepClockOfPrevious(s.time, keepDayOfPrevious(s.time, n.time, tz), tz);
  if (n.vehicle && may('vehicle')) out.vehicle = n.vehicle;
  if (n.stylist && may('stylist')) out.stylist = n.stylist;
  return out;
}
