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
  /** The business sends a mechanic or technician to the customer (automotive: mobile service). */
  mobileService?: boolean;
}

/** What an intake answer is: free text, a street address, a date, yes/no, or one of a list. */
export type IntakeKind = 'text' | 'address' | 'date' | 'yesNo' | 'choice';

export const INTAKE_KINDS: readonly IntakeKind[] = ['text', 'address', 'date', 'yesNo', 'choice'];

export interface IntakeOption {
  value: string;
  /** Words a caller might use for it ("first time", "been there before"). */
  keywords?: string[];
  /** Spanish: how the option is said in a read-back ("nuevo") and the words a caller might use. */
  es?: { label?: string; keywords?: string[] };
}

/** A question's words in another language than the English `ask`, `askAgain`, `readBack`. */
export interface IntakeWording {
  ask: string;
  askAgain: string;
  readBack?: string;
}

/** When a question applies; every condition given must hold. */
export interface IntakeCondition {
  /** Only for these services (names as in `services`). */
  services?: string[];
  /** Only when this flag is on (e.g. `mobileService`). */
  flag?: keyof OrgFlags;
  /** Only when an earlier question was answered with this value. */
  answer?: { id: string; equals: string };
}

/**
 * A question asked before a booking is read back (the service address, new or returning patient).
 * Operators add and remove them in the org settings; the dialogue, the read-back, the booking and
 * the LLM tool schema follow the list.
 */
export interface IntakeQuestion {
  /** Key of the answer on the booking (`intake.<id>`); `address` also fills the booking's address. */
  id: string;
  ask: string;
  /** Said when the answer was not understood. */
  askAgain: string;
  kind: IntakeKind;
  /** `choice`: the answers it accepts. */
  options?: IntakeOption[];
  /** `choice`: the options are the org's staff names. */
  optionsFromStaff?: boolean;
  /** A required question is asked again once; an optional one accepts "no" / "no preference". */
  required: boolean;
  when?: IntakeCondition;
  /** How the answer is read back, `{answer}` replaced: "at {answer}". None: not read back. */
  readBack?: string;
  /** The question in Spanish, for a call in Spanish (see dialogue/intake-wording.ts when absent). */
  es?: IntakeWording;
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

/** A date (YYYY-MM-DD, local) the business is closed, e.g. a holiday or an inventory day. */
export interface DayClosure {
  date: string;
  reason?: string;
}

/** Hours that replace the weekly ones on one date; several entries on a date add windows. */
export interface SpecialHours {
  date: string;
  open: string;
  close: string;
}

/** Live transfer to a person: where to, when, and how (see dialogue/transfer.ts). */
export interface TransferSettings {
  /** Front desk (E.164): a caller who asks for a person, or whom the assistant cannot help. */
  main?: string;
  /** On-call number (E.164) for emergencies. */
  emergency?: string;
  /** When transfers are attempted (local time); outside them a message is taken. Unset: always. */
  hours?: Partial<BusinessHours>;
  /** cold (default): the call is just connected; warm: the person answering first hears who and why. */
  mode?: 'cold' | 'warm';
  /** Seconds the transfer rings before the call comes back to the assistant (default 20). */
  timeoutSeconds?: number;
  /** Dental severe pain: offer the soonest urgent slot (default) or transfer to `emergency`. */
  urgentPain?: 'slot' | 'transfer';
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
  /** Questions asked once the booking's slots are known, in order. */
  intake?: IntakeQuestion[];
  /** Where urgent notifications go (E.164). */
  businessPhone?: string;
  smsConfirmation: boolean;
  recordingNotice: boolean;
  /** Call recording (two-channel WAV); off unless enabled. */
  recording?: { enabled: boolean; dir?: string; allowInHipaaMode?: boolean };
  /** How a caller proves a booking is theirs before changing it. */
  changeVerification: ChangeVerification;
  /** Transcripts and turn texts older than this are purged; bookings stay. 0 keeps forever. */
  retentionDays: number;
  /** Dates closed, dates with special hours, and whether the US federal holidays are closed. */
  closures?: DayClosure[];
  specialHours?: SpecialHours[];
  usFederalHolidays?: boolean;
  /** Text the business (businessPhone) on every new, moved or cancelled booking. */
  notifyBusiness?: boolean;
  /** Live transfer targets; without it a caller who wants a person is offered a callback. */
  transfer?: TransferSettings;
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
