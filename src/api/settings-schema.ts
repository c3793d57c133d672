// What an operator may put in an organization's settings: a validated, partial OrgSettings.
// Stored settings hold only overrides; the template supplies everything else.
import { z } from 'zod';
import { E164 } from '../orgs/create-org.ts';
import { CHANGE_VERIFICATIONS, type ChangeVerification, type OrgSettings } from '../templates/types.ts';
import { CallLimitSettings } from '../call/call-limits.ts';
import { closureSettingsShape } from './closure-settings.ts';
import { IntakeQuestions } from './intake-schema.ts';
import { LanguageSettings } from './language-settings.ts';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');
const Interval = z
  .object({ open: HHMM, close: HHMM })
  .strict()
  .refine((i) => i.open < i.close, 'open must be before close');
const Day = z.array(Interval).max(4);

export const BusinessHoursPatch = z
  .object({ mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day })
  .strict()
  .partial();

const Keywords = z.array(z.string().trim().min(1).max(60)).max(40);

export const Service = z
  .object({
    name: z.string().trim().min(1).max(80),
    durationMinutes: z.number().int().min(5).max(600),
    price: z.string().trim().max(40).optional(),
    keywords: Keywords.default([]),
  })
  .strict();

export const FaqEntry = z
  .object({
    question: z.string().trim().min(1).max(300),
    answer: z.string().trim().min(1).max(1000),
    keywords: Keywords.default([]),
  })
  .strict();

export const TransferPatch = z
  .object({
    main: E164,
    emergency: E164,
    hours: BusinessHoursPatch,
    mode: z.enum(['cold', 'warm']),
    timeoutSeconds: z.number().int().min(5).max(120),
    urgentPain: z.enum(['slot', 'transfer']),
  })
  .strict()
  .partial();

export const Voice = z.string().trim().min(1).max(64);

/** Call recording: `dir` is one folder name under RECORDINGS_DIR, never a path. */
const RecordingSettings = z
  .object({
    enabled: z.boolean(),
    dir: z
      .string()
      .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/)
      .optional(),
    allowInHipaaMode: z.boolean().optional(),
  })
  .strict();

export const SettingsPatch = z
  .object({
    greeting: z.string().trim().min(1).max(500),
    services: z.array(Service).min(1).max(60),
    businessHours: BusinessHoursPatch,
    bufferMinutes: z.number().int().min(0).max(240),
    bookingHorizonDays: z.number().int().min(1).max(365),
    asrKeywords: Keywords,
    flags: z
      .object({
        emergencyHandling: z.boolean(),
        vehicleInfo: z.boolean(),
        hipaaMode: z.boolean(),
        preferredStylist: z.boolean(),
        llmBaa: z.boolean(),
        mobileService: z.boolean(),
      })
      .strict()
      .partial(),
    voice: Voice,
    ...LanguageSettings.shape,
    address: z.string().trim().max(300),
    faq: z.array(FaqEntry).max(100),
    staff: z.array(z.string().trim().min(1).max(80)).max(50),
    intake: IntakeQuestions,
    businessPhone: E164,
    smsConfirmation: z.boolean(),
    recordingNotice: z.boolean(),
    recording: RecordingSettings,
    changeVerification: z.enum(CHANGE_VERIFICATIONS as [ChangeVerification, ...ChangeVerification[]]),
    retentionDays: z.number().int().min(0).max(3650),
    googleCalendar: z
      .object({
        calendarId: z.string().min(1).max(300),
        accessToken: z.string().max(4096).optional(),
        refreshToken: z.string().max(4096).optional(),
        clientId: z.string().max(500).optional(),
        clientSecret: z.string().max(500).optional(),
      })
      .strict(),
    transfer: TransferPatch,
    silence: CallLimitSettings.shape.silence,
    maxCallSeconds: CallLimitSettings.shape.maxCallSeconds,
    ...closureSettingsShape,
  })
  .strict()
  .partial();

export type SettingsPatch = z.output<typeof SettingsPatch>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key (so a flags patch keeps the other flags); arrays and scalars replace. */
export function mergeSettings(
  stored: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stored };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    const prev = out[k];
    out[k] = isPlainObject(prev) && isPlainObject(v) ? mergeSettings(prev, v) : v;
  }
  return out;
}

const SECRET_FIELDS = ['accessToken', 'refreshToken', 'clientSecret'] as const;

/** Settings as the API shows them: calendar credentials are never returned, only whether set. */
export function publicSettings(s: OrgSettings): OrgSettings {
  if (!s.googleCalendar) return s;
  const cal: Record<string, unknown> = { ...s.googleCalendar };
  for (const f of SECRET_FIELDS) if (cal[f]) cal[f] = '[set]';
  return { ...s, googleCalendar: cal as OrgSettings['googleCalendar'] };
}
