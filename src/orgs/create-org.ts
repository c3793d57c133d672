// Creating an organization from a vertical template: validation shared by the CLI and the API.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { organizations, type Organization, type Vertical } from '../db/schema.ts';
import { isVertical } from '../templates/index.ts';

export const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +15125550100');

export function isIanaTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}

export const NewOrgInput = z.object({
  template: z.string().refine(isVertical, 'must be one of hvac, automotive, dental, salon'),
  name: z.string().trim().min(1).max(120),
  phoneNumber: E164,
  timezone: z
    .string()
    .refine(isIanaTimeZone, 'must be an IANA time zone like America/Chicago')
    .default('America/Chicago'),
  settings: z.record(z.string(), z.unknown()).optional(),
});

export type NewOrgInput = z.input<typeof NewOrgInput>;

export class DuplicatePhoneError extends Error {
  override name = 'DuplicatePhoneError';
}

export async function createOrganization(db: Db, input: NewOrgInput): Promise<Organization> {
  const v = NewOrgInput.parse(input);
  const existing = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.phoneNumber, v.phoneNumber))
    .limit(1);
  if (existing.length > 0)
    throw new DuplicatePhoneError(`phone number ${v.phoneNumber} already belongs to an organization`);
  const rows = await db
    .insert(organizations)
    .values({
      id: randomUUID(),
      name: v.name,
      phoneNumber: v.phoneNumber,
      timezone: v.timezone,
      vertical: v.template as Vertical,
      settings: v.settings ?? {},
    })
    .returning();
  return rows[0]!;
}
