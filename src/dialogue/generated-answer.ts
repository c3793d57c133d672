// Open questions the templates cannot answer: the LLM writes a short answer from the org's
// facts, streamed as it is written. Any failure falls back to the template's reply.
import type { LlmProvider } from '../providers/llm/types.ts';
import type { Logger } from '../log.ts';
import type { DialogueContext, ReplyPart } from './types.ts';

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

export async function* answerWithLlm(
  llm: LlmProvider,
  ctx: DialogueContext,
  question: string,
  fallback: string,
  signal: AbortSignal | undefined,
  log?: Logger,
  language: 'en' | 'es' = 'en',
): AsyncGenerator<ReplyPart> {
  let produced = false;
  try {
    for await (const ev of llm.stream({
      messages: [
        {
          role: 'system',
          content: `You are the phone receptionist for ${ctx.business}. Answer the caller in one or two short spoken sentences, using only these facts; if they don't cover it, say someone will call back.${IN_LANGUAGE[language]}\n${facts(ctx)}`,
        },
        { role: 'user', content: question },
      ],
      maxTokens: 120,
      temperature: 0.3,
      ...(signal ? { signal } : {}),
    })) {
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
