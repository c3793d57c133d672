// LLM understanding through function calling (`classify_intent`). The tool's arguments are
// validated before use; on a timeout, an error or invalid output the local NLU answers instead,
// within the same turn, so the caller never notices.
import { z } from 'zod';
import type { LlmProvider } from '../providers/llm/types.ts';
import type { IntakeField, Nlu, NluContext, NluResult, NluSlots } from './types.ts';
import { classifyLocal } from './local.ts';
import { resolveTime } from './times.ts';
import { resolveTimeEs } from './es/times.ts';
import { classifyLocalEs } from './es/local.ts';
import { localWallTime, utcToZoned, zonedToUtc } from '../time/zoned.ts';

const INTENTS = ['booking', 'inquiry', 'reschedule', 'cancel', 'complex', 'emergency', 'unknown'] as const;

const Args = z.object({
  intent: z.enum(INTENTS),
  confidence: z.number().min(0).max(1).optional(),
  name: z.string().min(1).max(80).nullish(),
  service: z.string().min(1).max(80).nullish(),
  /** Local wall time in the org's zone, e.g. 2026-11-26T13:00. */
  date_time: z.string().nullish(),
  /** The caller's words for the time, resolved locally when date_time is missing. */
  time_text: z.string().max(120).nullish(),
  has_time: z.boolean().nullish(),
  yes_no: z.enum(['yes', 'no', 'maybe']).nullish(),
  vehicle: z.string().max(80).nullish(),
  stylist: z.string().max(80).nullish(),
  emergency: z.boolean().nullish(),
  wants_human: z.boolean().nullish(),
  topic: z.string().max(80).nullish(),
  intake: z.record(z.string(), z.string().max(300)).nullish(),
});

export function classifyTool(ctx: NluContext) {
  return {
    name: 'classify_intent',
    description: 'Record what the caller wants and the details they gave.',
    parameters: {
      type: 'object',
      properties: {
        intent: { type: 'string', enum: INTENTS },
        confidence: { type: 'number', minimum: 0, maximum: 1 },
        name: { type: 'string', description: "The caller's name, if given." },
        service: { type: 'string', enum: ctx.services.map((s) => s.name) },
        date_time: {
          type: 'string',
          description: 'Requested start as local time YYYY-MM-DDTHH:MM in the business time zone.',
        },
        time_text: { type: 'string', description: 'The words the caller used for the time.' },
        has_time: { type: 'boolean', description: 'True when a clock time was given, not just a day.' },
        yes_no: { type: 'string', enum: ['yes', 'no', 'maybe'] },
        vehicle: { type: 'string' },
        stylist: { type: 'string' },
        emergency: { type: 'boolean' },
        wants_human: { type: 'boolean' },
        topic: { type: 'string', description: 'For inquiries: hours, prices, address, services, or the question.' },
        ...intakeProperty(ctx),
      },
      required: ['intent'],
    },
  };
}

const INTAKE_FORMAT: Record<IntakeField['kind'], string> = {
  text: 'the answer in the caller’s words',
  address: 'street address, e.g. 12 Oak Street',
  date: 'YYYY-MM-DD',
  yesNo: 'yes or no',
  choice: 'one of the options',
};

/** One property per intake question of the org: the tool schema follows the question list. */
function intakeProperty(ctx: NluContext) {
  if (!ctx.intake?.length) return {};
  const properties = Object.fromEntries(
    ctx.intake.map((q) => [
      q.id,
      {
        type: 'string',
        description: `Answer to "${q.question}" (${INTAKE_FORMAT[q.kind]}), if given.`,
        ...(q.options ? { enum: q.options } : {}),
      },
    ]),
  );
  return { intake: { type: 'object', description: 'Answers to the intake questions.', properties } };
}
/** A Spanish turn: the caller's words are Spanish, the fields keep the list's names. */
const SPANISH =
  ' The caller speaks Spanish: understand their Spanish words; give service as written in the list above,' +
  " and time_text in the caller's own words.";

function localIso(now: number, tz: string): string {
  return `${localWallTime(now, tz)} (${utcToZoned(now, tz).weekday})`;
}

function toResult(a: z.infer<typeof Args>, text: string, ctx: NluContext): NluResult {
  const slots: NluSlots = {};
  if (a.name) slots.name = a.name;
  const service = a.service
    ? ctx.services.find((s) => s.name.toLowerCase() === a.service!.toLowerCase())?.name
    : undefined;
  if (service) slots.service = service;
  const m = a.date_time ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(a.date_time) : null;
  if (m) {
    const start = zonedToUtc({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]! }, ctx.timezone);
    slots.time = { start: start.toISOString(), hasTime: a.has_time ?? true, text: a.time_text ?? a.date_time! };
  } else if (a.time_text) {
    const spanish = ctx.language === 'es';
    const t = (spanish ? resolveTimeEs : resolveTime)(a.time_text, ctx.now, ctx.timezone);
    if (t) slots.time = t;
  }
  if (a.yes_no) slots.yesNo = a.yes_no;
  if (a.vehicle) slots.vehicle = a.vehicle;
  if (a.stylist) slots.stylist = a.stylist;
  if (a.emergency) slots.emergency = true;
  if (a.wants_human) slots.wantsHuman = true;
  if (a.topic) slots.topic = a.topic;
  // Only answers to questions the org asks, by their ids.
  const asked = new Set(ctx.intake?.map((q) => q.id));
  const intake = Object.entries(a.intake ?? {}).filter(([id, v]) => asked.has(id) && v.trim());
  if (intake.length > 0) slots.intake = Object.fromEntries(intake);
  // Choices among offered times come from the words; the local rules read them reliably.
  const local = ctx.language === 'es' ? classifyLocalEs(text, ctx) : classifyLocal(text, ctx);
  if (local.slots.choice !== undefined) slots.choice = local.slots.choice;
  // Verification digits come from the caller's own words only, so the model can neither invent
  // nor alter them; the booking lookup checks them against the stored phone number.
  if (local.slots.lastFour) slots.lastFour = local.slots.lastFour;
  return { intent: a.intent, slots, confidence: a.confidence ?? 0.9, source: 'llm' };
}

export function createLlmNlu(llm: LlmProvider, opts: { timeoutMs?: number; fallback?: Nlu } = {}): Nlu {
  const timeoutMs = opts.timeoutMs ?? 800;
  const fallback = opts.fallback ?? {
    name: 'local',
    classify: async (t: string, c: NluContext) => classifyLocal(t, c),
  };
  return {
    name: 'llm',
    async classify(text, ctx, signal) {
      const ctl = new AbortController();
      const onAbort = () => ctl.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => ctl.abort(new Error('nlu deadline')), timeoutMs);
      try {
        for await (const ev of llm.stream({
          messages: [
            {
              role: 'system',
              content: `You classify what a caller to a small business says on the phone. Now is ${localIso(ctx.now, ctx.timezone)} in ${ctx.timezone}. The receptionist just asked for: ${ctx.expecting}. Services: ${ctx.services.map((s) => s.name).join(', ')}.${ctx.language === 'es' ? SPANISH : ''}`,
            },
            { role: 'user', content: text },
          ],
          tools: [classifyTool(ctx)],
          toolChoice: { name: 'classify_intent' },
          temperature: 0,
          maxTokens: 200,
          signal: ctl.signal,
        })) {
          if (ev.type === 'tool-call' && ev.call.name === 'classify_intent') {
            const parsed = Args.safeParse(JSON.parse(ev.call.arguments));
            if (!parsed.success)
              throw new Error(`invalid classify_intent arguments: ${parsed.error.issues[0]?.message ?? ''}`);
            return toResult(parsed.data, text, ctx);
          }
        }
        throw new Error('no classify_intent call in the reply');
      } catch {
        if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
        return fallback.classify(text, ctx);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}
