// What an operator may put in an org's intake questions (settings.intake), checked as a whole:
// ids are unique and safe as keys, a choice has options, a condition names an earlier question.
import { z } from 'zod';
import { INTAKE_KINDS, type IntakeKind } from '../templates/types.ts';

const Id = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'must be a letter then letters, digits or _ (≤ 40)');
const Wording = z.string().trim().min(1).max(300);

const Option = z
  .object({
    value: z.string().trim().min(1).max(80),
    keywords: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
    es: z
      .object({
        label: z.string().trim().min(1).max(80).optional(),
        keywords: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const ReadBack = z.string().trim().min(1).max(120);

/** The question in another language: all of it said in that language. */
const Translation = z.object({ ask: Wording, askAgain: Wording, readBack: ReadBack.optional() }).strict();

const Condition = z
  .object({
    services: z.array(z.string().trim().min(1).max(80)).min(1).max(60),
    flag: z.enum(['emergencyHandling', 'vehicleInfo', 'hipaaMode', 'preferredStylist', 'llmBaa', 'mobileService']),
    answer: z.object({ id: Id, equals: z.string().trim().min(1).max(80) }).strict(),
  })
  .strict()
  .partial();

export const IntakeQuestion = z
  .object({
    id: Id,
    ask: Wording,
    askAgain: Wording,
    kind: z.enum(INTAKE_KINDS as [IntakeKind, ...IntakeKind[]]),
    options: z.array(Option).min(2).max(20).optional(),
    optionsFromStaff: z.boolean().optional(),
    required: z.boolean(),
    when: Condition.optional(),
    readBack: ReadBack.optional(),
    es: Translation.optional(),
  })
  .strict()
  .refine((q) => q.kind !== 'choice' || q.options || q.optionsFromStaff, 'a choice needs options or optionsFromStaff');

export const IntakeQuestions = z
  .array(IntakeQuestion)
  .max(20)
  .superRefine((qs, ctx) => {
    const seen = new Set<string>();
    qs.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate id ${q.id}` });
      const dep = q.when?.answer?.id;
      if (dep && !seen.has(dep))
        ctx.addIssue({ code: 'custom', path: [i, 'when', 'answer', 'id'], message: `no earlier question ${dep}` });
      seen.add(q.id);
    });
  });
