// Intake questions as data: which of the org's questions apply to this booking, what an answer
// is by the question's kind, how the answers are read back. Pure: the reducer asks, this decides.
import type { IntakeField, NluResult } from '../nlu/types.ts';
import type { IntakeQuestion, OrgSettings } from '../templates/types.ts';
import { extractDate } from '../nlu/date-answer.ts';
import { declinesEs, extractDateEs } from '../nlu/es/intake-answers.ts';
import { readIntakeWords } from '../nlu/intake-reading.ts';
import { fold, normalizeEs } from '../nlu/es/text.ts';
import { yesNoEs } from '../nlu/es/local.ts';
import type { Language } from '../nlu/language.ts';
import { answerLabel, wordingIn } from './intake-wording.ts';

/** What the caller has answered so far; `done` also holds the optional questions they passed on. */
export interface IntakeProgress {
  answers: Record<string, string>;
  done: string[];
  /** The question just asked, if any. */
  asking: string | null;
}

export const NO_INTAKE: IntakeProgress = { answers: {}, done: [], asking: null };

export type IntakeAnswer = { value: string } | { declined: true } | null;

/** "Anyone is fine", "skip", "I'd rather not": an optional question passed on. */
const DECLINE =
  /\b(anyone|anybody|no preference|doesn't matter|does not matter|whoever|don't (?:really )?(?:care|mind)|do not care|either (?:one|is fine)|any of them|no one in particular|first available|skip|rather not|prefer not|no thanks|not sure|don't know|do not know)\b|^\s*(?:no|nope|nah)\b/;

export function intakeQuestions(settings: OrgSettings): IntakeQuestion[] {
  return Array.isArray(settings.intake) ? settings.intake : [];
}

/** Ids of the questions whose answers are the caller's own words (kind `text`). */
export function freeTextQuestions(settings: OrgSettings): Set<string> {
  return new Set(intakeQuestions(settings).flatMap((q) => (q.kind === 'text' ? [q.id] : [])));
}

/** The questions as the LLM's tool schema describes them. */
export function intakeFields(settings: OrgSettings): IntakeField[] {
  return intakeQuestions(settings).map((q) => {
    const options = q.kind === 'choice' ? optionsOf(q, settings).map((o) => o.value) : [];
    return { id: q.id, question: q.ask, kind: q.kind, ...(options.length > 0 ? { options } : {}) };
  });
}

/** The answers a `choice` question accepts: its options (their words in `lang`), or the org's staff. */
export function optionsOf(
  q: IntakeQuestion,
  settings: OrgSettings,
  lang: Language = 'en',
): Array<{ value: string; keywords: string[] }> {
  if (q.optionsFromStaff) return (settings.staff ?? []).map((s) => ({ value: s, keywords: [s] }));
  return (q.options ?? []).map((o) => {
    if (lang === 'en') return { value: o.value, keywords: [o.value, ...(o.keywords ?? [])] };
    const es = o.es ?? {};
    return { value: o.value, keywords: [o.value, ...(es.label ? [es.label] : []), ...(es.keywords ?? [])] };
  });
}

function applies(q: IntakeQuestion, settings: OrgSettings, service: string | undefined, p: IntakeProgress): boolean {
  const w = q.when;
  if (!w) return true;
  if (w.flag && settings.flags[w.flag] !== true) return false;
  if (w.services && !w.services.some((s) => s.toLowerCase() === service?.toLowerCase())) return false;
  if (w.answer && p.answers[w.answer.id]?.toLowerCase() !== w.answer.equals.toLowerCase()) return false;
  return true;
}

/** The questions that apply to this booking, in order. */
export function applicable(settings: OrgSettings, service: string | undefined, p: IntakeProgress): IntakeQuestion[] {
  return intakeQuestions(settings).filter((q) => applies(q, settings, service, p));
}

/** The next question to ask, or null when every applicable one is answered or passed on. */
export function nextQuestion(
  settings: OrgSettings,
  service: string | undefined,
  p: IntakeProgress,
): IntakeQuestion | null {
  return applicable(settings, service, p).find((q) => !p.done.includes(q.id)) ?? null;
}

export function questionById(settings: OrgSettings, id: string | null): IntakeQuestion | null {
  return intakeQuestions(settings).find((q) => q.id === id) ?? null;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The option named in the words; the longest matching keyword wins, ties go to the earlier option. */
function choiceIn(
  text: string,
  options: Array<{ value: string; keywords: string[] }>,
  lang: Language,
): string | undefined {
  // Spanish is compared without accents: ASR writes "nueva" / "día" either way, and `\b` needs ASCII.
  const norm = (w: string) => (lang === 'es' ? fold(w) : w.toLowerCase()).replace(/[’]/g, "'");
  const t = norm(text);
  let best: { value: string; len: number } | null = null;
  for (const o of options) {
    for (const k of o.keywords) {
      const key = norm(k);
      if (!new RegExp(`\\b${escapeRe(key)}\\b`).test(t)) continue;
      if (!best || key.length > best.len) best = { value: o.value, len: key.length };
    }
  }
  return best?.value;
}

/** The value of an answer to `q`, by its kind; the LLM's reading of it comes first when given. */
export function valueFor(
  q: IntakeQuestion,
  settings: OrgSettings,
  text: string,
  nlu: NluResult,
  asked: boolean,
  lang: Language = 'en',
): string | undefined {
  const fromModel = nlu.slots.intake?.[q.id]?.trim();
  const es = lang === 'es';
  switch (q.kind) {
    case 'address':
      return readIntakeWords('address', text, lang, asked) ?? (asked ? fromModel : undefined);
    case 'choice': {
      const options = optionsOf(q, settings, lang);
      const named = choiceIn(text, options, lang);
      if (named) return named;
      const model = fromModel ?? (q.optionsFromStaff ? nlu.slots.stylist : undefined);
      return options.find((o) => o.value.toLowerCase() === model?.toLowerCase())?.value;
    }
    case 'date': {
      if (!asked) return undefined;
      const date = readIntakeWords('date', text, lang, asked);
      return (date ?? (fromModel && (extractDate(fromModel) ?? extractDateEs(fromModel)))) || undefined;
    }
    case 'yesNo': {
      if (!asked) return undefined;
      const yn = nlu.slots.yesNo ?? (es ? yesNoEs(normalizeEs(text)) : undefined);
      return yn === 'yes' ? 'yes' : yn === 'no' ? 'no' : undefined;
    }
    case 'text':
      return readIntakeWords('text', text, lang, asked);
  }
}

/** The caller's answer to the question just asked. */
export function answerTo(
  q: IntakeQuestion,
  settings: OrgSettings,
  text: string,
  nlu: NluResult,
  lang: Language = 'en',
): IntakeAnswer {
  const value = valueFor(q, settings, text, nlu, true, lang);
  if (value !== undefined) return { value };
  if (q.required || q.kind === 'yesNo') return null;
  const declines = lang === 'es' ? declinesEs(text) : DECLINE.test(text.toLowerCase().replace(/[’]/g, "'"));
  return declines ? { declined: true } : null;
}

export function recordAnswer(p: IntakeProgress, id: string, value: string | null): IntakeProgress {
  const answers = { ...p.answers };
  if (value === null) delete answers[id];
  else answers[id] = value;
  return { answers, done: p.done.includes(id) ? p.done : [...p.done, id], asking: null };
}

/**
 * Answers given in passing before they were asked ("at 12 Oak Street", "with Marco", "I'm a new
 * patient"): only kinds that cannot be mistaken for something else (an address, a named option).
 */
export function answersInPassing(
  settings: OrgSettings,
  service: string | undefined,
  p: IntakeProgress,
  text: string,
  nlu: NluResult,
  lang: Language = 'en',
): IntakeProgress {
  let out = p;
  for (const q of applicable(settings, service, p)) {
    if (out.done.includes(q.id) || (q.kind !== 'address' && q.kind !== 'choice')) continue;
    const value = valueFor(q, settings, text, nlu, false, lang);
    if (value !== undefined) out = { ...recordAnswer(out, q.id, value), asking: out.asking };
  }
  return out;
}

/** "No, it's 14 Oak Street" at the read-back: answers the caller changed, or null. */
export function correctedAnswers(
  settings: OrgSettings,
  service: string | undefined,
  p: IntakeProgress,
  text: string,
  nlu: NluResult,
  lang: Language = 'en',
): IntakeProgress | null {
  let out = p;
  for (const q of applicable(settings, service, p)) {
    if (q.kind !== 'address' && q.kind !== 'choice') continue;
    const value = valueFor(q, settings, text, nlu, false, lang);
    if (value !== undefined && value !== p.answers[q.id]) out = { ...recordAnswer(out, q.id, value), asking: null };
  }
  return out === p ? null : out;
}

/** The read-back words for the answers (" at 12 Oak Street", " with Jessica", " como paciente nuevo"). */
export function readBackOf(
  settings: OrgSettings,
  service: string | undefined,
  p: IntakeProgress,
  lang: Language = 'en',
): string {
  let out = '';
  for (const q of applicable(settings, service, p)) {
    const value = p.answers[q.id];
    const readBack = wordingIn(q, lang)?.readBack;
    if (readBack && value) out += ` ${readBack.replaceAll('{answer}', answerLabel(q, value, lang))}`;
  }
  return out;
}

/** The answers to keep on the booking: those of questions that still apply. */
export function bookingAnswers(
  settings: OrgSettings,
  service: string | undefined,
  p: IntakeProgress,
): { intake: Record<string, string>; address?: string } {
  const intake: Record<string, string> = {};
  let address: string | undefined;
  for (const q of applicable(settings, service, p)) {
    const value = p.answers[q.id];
    if (value === undefined) continue;
    intake[q.id] = value;
    if (q.kind === 'address' && address === undefined) address = value;
  }
  return { intake, ...(address ? { address } : {}) };
}
