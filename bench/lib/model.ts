// The benchmarks' stand-in for the language model behind the OpenAI fake. Latency comes from the
// fake's profile; what it answers must be right, or the scripted calls would wander off script and
// the turns would not be comparable across modes. So `classify_intent` is answered with what a
// competent model would return (computed by the local rules from the context the request carries),
// and open questions get a fixed two-sentence answer.
import type { Responder } from '../../test/fakes/openai.ts';
import { classifyLocal } from '../../src/nlu/local.ts';
import { classifyLocalEs } from '../../src/nlu/es/local.ts';
import type { Expectation, NluContext } from '../../src/nlu/types.ts';
import { VERTICALS, getTemplate } from '../../src/templates/index.ts';
import { localWallTime, zonedToUtc } from '../../src/time/zoned.ts';

export const GENERATED_ANSWER =
  'Good question. Yes, there is free parking right behind the building, and the entrance is on the side street. Is there anything else I can help you with?';

/** The same answer for a Spanish caller, about as long when spoken. */
export const GENERATED_ANSWER_ES =
  'Buena pregunta. Sí, hay estacionamiento gratis detrás del edificio, y la entrada está en la calle lateral. ¿Le puedo ayudar con algo más?';

/** The prompts say so when the caller speaks Spanish (classification and answers alike). */
const SPANISH_CALLER = /The caller speaks Spanish/;

export function benchModel(): Responder {
  return (req) => {
    const system = String(req.body.messages.find((m) => m.role === 'system')?.content ?? '');
    const user = [...req.body.messages].reverse().find((m) => m.role === 'user');
    const text = typeof user?.content === 'string' ? user.content : '';
    const wantsTool = (req.body.tools ?? []).some((t) => t.function.name === 'classify_intent');
    const spanish = SPANISH_CALLER.test(system);
    if (!wantsTool) return { text: spanish ? GENERATED_ANSWER_ES : GENERATED_ANSWER };
    const ctx = contextFrom(system);
    const r = spanish ? classifyLocalEs(text, { ...ctx, language: 'es' }) : classifyLocal(text, ctx);
    const s = r.slots;
    const args: Record<string, unknown> = { intent: r.intent, confidence: r.confidence };
    if (s.name) args.name = s.name;
    if (s.service) args.service = s.service;
    if (s.time) {
      args.date_time = localWallTime(new Date(s.time.start), ctx.timezone);
      args.time_text = s.time.text;
      args.has_time = s.time.hasTime;
    }
    if (s.yesNo) args.yes_no = s.yesNo;
    if (s.vehicle) args.vehicle = s.vehicle;
    if (s.stylist) args.stylist = s.stylist;
    if (s.emergency) args.emergency = true;
    if (s.wantsHuman) args.wants_human = true;
    if (s.topic) args.topic = s.topic;
    return { toolCalls: [{ name: 'classify_intent', arguments: JSON.stringify(args) }] };
  };
}

/** Reads "Now is 2026-11-23T10:00 (mon) in America/Chicago. … asked for: time." back out of the prompt. */
function contextFrom(system: string): NluContext {
  // The prompt lists the services; the template that has them supplies their keywords and staff.
  const listed = /Services: (.*)\.$/m.exec(system)?.[1] ?? '';
  const defaults =
    VERTICALS.map((v) => getTemplate(v).defaults).find((d) => d.services.map((x) => x.name).join(', ') === listed) ??
    null;
  const now = /Now is (\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}) \(\w+\) in (\S+?)\./.exec(system);
  const timezone = now?.[6] ?? 'America/Chicago';
  const at = now
    ? zonedToUtc(
        { year: +now[1]!, month: +now[2]!, day: +now[3]!, hour: +now[4]!, minute: +now[5]! },
        timezone,
      ).getTime()
    : Date.now();
  const expecting = (/asked for: (\w+)\./.exec(system)?.[1] ?? 'intent') as Expectation;
  return {
    expecting,
    now: at,
    timezone,
    services: (defaults?.services ?? []).map((s) => ({ name: s.name, keywords: s.keywords })),
    ...(defaults?.staff ? { staff: defaults.staff } : {}),
  };
}
