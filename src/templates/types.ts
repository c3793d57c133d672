// The shape of an organization's settings JSON, seeded from its vertical template and edited by
// operators. Every field is optional in storage; `resolveSettings` (templates/index.ts) fills in
// the template's defaults.
export type Vertical = 'hvac' | 'automotive' | 'dental' | 'salon';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Local wall-clock opening hours, "HH:MM" 24-hour; an empty list means closed that day. */
export type BusinessHours = Record<Weekday, Array<{ open: string; close: string }>>;

export interface ServiceDef {
  name: string;
  durationMinutes: number;
  /** Display price, e.g. "$89" or "from $120". */
  price?: string;
  /** How it is said mid-sentence when the name alone sounds stiff ("maintenance visit"). */
  spoken?: string;
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

/**
 * Who may cancel or move a booking over the phone.
 * - `caller_id_or_digits`: a caller whose number (caller ID) is the booking's phone may; anyone
 *   else names the booking and reads or keys the last four digits of the phone number on it.
 * - `caller_id_only`: only a caller-ID match may; any other request becomes a message for the business.
 * - `message_only`: no change by phone; every request becomes a message for the business, which
 *   calls back the number on the booking.
 * Caller ID can be spoofed: only `message_only` withstands a caller who fakes the customer's number.
 */
export type ChangeVerification = 'caller_id_or_digits' | 'caller_id_only' | 'message_only';

export const CHANGE_VERIFICATIONS: readonly ChangeVerification[] = [
  'caller_id_or_digits',
  'caller_id_only',
  'message_only',
];

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
  /** How a caller proves a booking is theirs before changing it. */
  changeVerification: ChangeVerification;
  /** Transcripts and turn texts older than this are purged; bookings stay. 0 keeps forever. */
  retentionDays: number;
  /** Google Calendar per org: OAuth2 credentials and calendar id. */
  /** The languages calls are taken in (default English only) and the one a call starts in. */
  languages?: Array<'en' | 'es'>;
  primaryLanguage?: 'en' | 'es';
  /** The voice per language when it is not `voice` (e.g. { es: 'Lupe' }). */
  voices?: { en?: string; es?: string };
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
