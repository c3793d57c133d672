// Open questions the templates cannot answer: the LLM writes a short answer from the org's
// facts, streamed as it is written. Any failure falls back to the template's reply. The answer
// may have been started early, on the caller's words before the final transcript: it is used
// only when the final asks the same question.
import type { LlmEvent, LlmProvider, LlmRequest } from '../providers/llm/types.ts';
import type { Logger } from '../log.ts';
import type { DialogueContext, DialogueEvent, DialogueState, ReplyPart } from './types.ts';
import { reduce } from './reducer.ts';

/** An answer whose request went out ahead of the final transcript. */
export interface EarlyAnswer {
  question: string;
  /** Its events so far and to come; null once dropped or taken. */
  adopt(signal?: AbortSignal): AsyncIterable<LlmEvent> | null;
  /** Aborts it unless it was taken; what it produced is never said. */
  drop(): void;
}

function facts(ctx: DialogueContext): string {
  const s = ctx.settings;
  const services = s.services
    .map((x) => `${x.name} (${x.durationMinutes} min${x.price ? `, ${x.price}` : ''})`)
    .join('; ');
  const hours = Object.entries(s.businessHours)
    .map(([d, w]) => `${d}: ${w.length ? w.map((x) => `${x.open}-${x.close}`).join(', ') : 'closed'}`)
    .join('; ');
  const faq = s.faq.map((f) => `Q: ${f.question} A: ${f.answer}`).join('\n');
  return `Business: ${ctx.business}\nServices: ${services}\nHours: ${hours}\n${s.address ? `Address: ${s.address}\n` : ''}${faq}`;
}

/** The caller's language: a Spanish caller gets the answer in Spanish, the facts translated. */
const IN_LANGUAGE = {
  en: '',
  es: ' The caller speaks Spanish: answer in Spanish (Latin American, formal "usted"), translating the facts.',
} as const;

/** The request for a generated answer to `question`. */
export function answerRequest(
  ctx: DialogueContext,
  question: string,
  language: 'en' | 'es' = 'en',
): Omit<LlmRequest, 'signal'> {
  return {
    messages: [
      {
        role: 'system',
        content: `You are the phone receptionist for ${ctx.business}. Answer the caller in one or two short spoken sentences, using only these facts; if they don't cover it, say someone will call back.${IN_LANGUAGE[language]}\n${facts(ctx)}`,
      },
      { role: 'user', content: question },
    ],
    maxTokens: 120,
    temperature: 0.3,
  };
}

/** The question the dialogue would hand to the LLM for this event, if it would (the reducer is pure). */
export function generatedQuestion(state: DialogueState, event: DialogueEvent): string | null {
  const action = reduce(state, event).actions.find((a) => a.type === 'answerQuestion');
  return action?.type === 'answerQuestion' ? action.question : null;
}

/** Same words, whatever the case and punctuation: how interim and final transcripts differ. */
export function sameWords(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9' ]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return norm(a) === norm(b);
}

export async function* answerWithLlm(
  llm: LlmProvider,
  ctx: DialogueContext,
  question: string,
  fallback: string,
  signal: AbortSignal | undefined,
  log?: Logger,
  early?: EarlyAnswer,
  language: 'en' | 'es' = 'en',
): AsyncGenerator<ReplyPart> {
  let produced = false;
  // An early answer to a different question is dropped, never said.
  const adopted = early && sameWords(early.question, question) ? early.adopt(signal) : null;
  if (!adopted) early?.drop();
  try {
    for await (const ev of adopted ??
      llm.stream({ ...answerRequest(ctx, question, language), ...(signal ? { signal } : {}) })) {
      if (ev.type === 'text' && ev.delta) {
        produced = true;
        yield { type: 'llm-delta', text: ev.delta };
      }
    }
  } catch (e) {
    if (signal?.aborted) return;
    log?.warn('generated answer failed; using the template reply', { error: e });
  }
  if (!produced && !signal?.aborted) yield { type: 'text', text: fallback };
}
