// What understanding a caller's utterance produces, for either NLU (local rules or LLM).

export type Intent = 'booking' | 'inquiry' | 'reschedule' | 'cancel' | 'complex' | 'emergency' | 'unknown';

export type YesNo = 'yes' | 'no' | 'maybe';

/** What the dialogue was waiting for when the caller spoke; sharpens extraction. */
export type Expectation =
  | 'intent'
  | 'name'
  | 'service'
  | 'time'
  | 'vehicle'
  | 'stylist'
  | 'confirm'
  | 'alternative'
  | 'anything_else'
  | 'callback'
  /** The last four digits of the phone number on a booking, said or keyed. */
  | 'digits'
  /** An answer to one of the org's intake questions. */
  | 'intake';

export interface ResolvedTime {
  /** ISO 8601 instant of the earliest start the caller asked for. */
  start: string;
  /** True when the caller gave an hour ("at 3"), false for "Tuesday" or "tomorrow morning". */
  hasTime: boolean;
  /** A part of day when no exact hour was given. */
  partOfDay?: 'morning' | 'afternoon' | 'evening';
  /** The words that produced it, e.g. "next Tuesday at 3". */
  text: string;
}

export interface NluSlots {
  name?: string;
  service?: string;
  time?: ResolvedTime;
  vehicle?: string;
  stylist?: string;
  yesNo?: YesNo;
  /** Which offered alternative the caller picked (0-based), when answering a choice. */
  choice?: number;
  /** FAQ topic for inquiries: hours, prices, address, services, or an FAQ entry's question. */
  topic?: string;
  emergency?: boolean;
  /** The caller asked for a person or a callback. */
  wantsHuman?: boolean;
  /** The last four digits the caller read out, when asked for them (never from the model). */
  lastFour?: string;
  /** The caller asked to go on in this language ("English please", "en español"). */
  language?: 'en' | 'es';
  /** Answers to intake questions, by question id (from the model; the local rules read the words). */
  intake?: Record<string, string>;
}

export interface NluResult {
  intent: Intent;
  slots: NluSlots;
  /** 0..1 */
  confidence: number;
  source: 'local' | 'llm';
}

export interface NluContext {
  expecting: Expectation;
  /** Call's "now" (epoch ms) for relative dates. */
  now: number;
  timezone: string;
  /** Service names of the org with their keywords. */
  services: Array<{ name: string; keywords: string[] }>;
  staff?: string[];
  /** Offered alternatives (ISO instants) when expecting 'alternative'. */
  offered?: string[];
  /** The org's intake questions, for the model's tool schema. */
  intake?: IntakeField[];
  /** The intake question just asked (its id), when expecting 'intake'. */
  asking?: string;
  /** The language the caller is understood in (English when absent). */
  language?: 'en' | 'es';
}

export interface IntakeField {
  id: string;
  question: string;
  kind: 'text' | 'address' | 'date' | 'yesNo' | 'choice';
  options?: string[];
  /** The language the caller is understood in (English when absent). */
  language?: 'en' | 'es';
}

export interface Nlu {
  readonly name: string;
  classify(text: string, ctx: NluContext, signal?: AbortSignal): Promise<NluResult>;
}
