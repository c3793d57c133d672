// Validation of the closure settings: closed dates, special hours, the federal-holiday switch.
import { z } from 'zod';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

/** A real calendar date: "2026-02-30" is refused, not rolled over. */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(d);
  }, 'must be a real calendar date');

export const Closures = z
  .array(z.object({ date: LocalDate, reason: z.string().trim().min(1).max(120).optional() }).strict())
  .max(366);

export const SpecialHoursList = z
  .array(
    z
      .object({ date: LocalDate, open: HHMM, close: HHMM })
      .strict()
      .refine((h) => h.open < h.close, 'open must be before close'),
  )
  .max(366);

/** The closure fields of a settings patch, spread into SettingsPatch. */
export const closureSettingsShape = {
  closures: Closures,
  specialHours: SpecialHoursList,
  usFederalHolidays: z.boolean(),
  notifyBusiness: z.boolean(),
};
