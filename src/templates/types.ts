// The shape of an organization's settings JSON, seeded from its vertical template and edited by
// operators. Every field is optional in storage; `resolveSettings` (templates/index.ts) fills in
// the template's defaults.
import type { Vertical } from '../db/schema.ts';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Local wall-clock opening hours, "HH:MM" 24-hour; an empty list means closed that day. */
export type BusinessHours = Record<Weekday, Array<{ open: string; close: string }>>;

export interface ServiceDef {
  name: string;
  durationMinutes: number;
  /** Display price, e.g. "$89" or "from $120". */
  price?: string;
  /** Words a caller might use for it ("AC", "air conditioning"). */
  keywords: string[];
}

export interface FaqEntry {
  question: string;
  answer: string;
  keywords: string[];
}

export interface OrgFlags {
  emergencyHandling: boolean;
  vehicleInfo: boolean;
  hipaaMode: boolean;
  preferredStylist: boolean;
  /**
   * The configured LLM endpoint is covered by a Business Associate Agreement. Without it, a
   * HIPAA-mode org's calls never send caller text to the LLM (local understanding only).
   */
  llmBaa?: boolean;
}

export interface OrgSettings {
  greeting: string;
  services: ServiceDef[];
  businessHours: BusinessHours;
  /** Minutes kept free between jobs. */
  bufferMinutes: number;
  /** How far ahead a caller may book. */
  bookingHorizonDays: number;
  asrKeywords: string[];
  flags: OrgFlags;
  voice: string;
  address?: string;
  faq: FaqEntry[];
  staff?: string[];
  /** Where urgent notifications go (E.164). */
  businessPhone?: string;
  smsConfirmation: boolean;
  recordingNotice: boolean;
  /** Transcripts and turn texts older than this are purged; bookings stay. 0 keeps forever. */
  retentionDays: number;
  /** Google Calendar per org: OAuth2 credentials and calendar id. */
  googleCalendar?: {
    calendarId: string;
    accessToken?: string;
    refreshToken?: string;
    clientId?: string;
    clientSecret?: string;
  };
}

export interface VerticalTemplate {
  vertical: Vertical;
  label: string;
  defaults: OrgSettings;
}
