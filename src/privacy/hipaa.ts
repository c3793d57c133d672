// The one rule for caller content. Everything that stores, sends or logs text that may carry what
// a caller said asks this module first, one function per kind of text. In HIPAA mode nothing the
// caller or assistant said is kept, sent or logged, no free-text booking details and no treatment
// names outside the booking itself: only who (name, phone), when, and what happened. The
// booking's own fields (name, phone, service, time) stay in its row, which the business needs to
// serve the appointment. Pure: no I/O, safe to call from the dialogue reducer.
import type { OrgFlags } from '../templates/types.ts';

export type HipaaAware = { flags: Pick<OrgFlags, 'hipaaMode'> & Partial<Pick<OrgFlags, 'llmBaa'>> };

export function isHipaa(settings: HipaaAware): boolean {
  return settings.flags.hipaaMode === true;
}

/** May caller text go to the configured LLM? In HIPAA mode only under a declared BAA. */
export function llmMayReadCallerText(settings: HipaaAware): boolean {
  return !isHipaa(settings) || settings.flags.llmBaa === true;
}

// ---------------------------------------------------------------- stored text

/** A turn's caller or assistant text (call_turns). */
export function storableTurnText(settings: HipaaAware, text: string): string | null {
  return isHipaa(settings) ? null : text;
}

/** The call's full transcript (calls.transcript). */
export function storableTranscript(settings: HipaaAware, text: string): string | null {
  return isHipaa(settings) ? null : text;
}

/** A message a caller leaves for the business. */
export function storableMessage(settings: HipaaAware, text: string): string | null {
  return isHipaa(settings) ? null : text;
}

/** A generated summary of the call: it paraphrases the caller, so it is caller text. */
export function storableSummary(settings: HipaaAware, text: string): string | null {
  return isHipaa(settings) ? null : text;
}

/** Whether the call's audio may be kept. */
export function mayStoreRecording(settings: HipaaAware): boolean {
  return !isHipaa(settings);
}

/** Free-text booking details (vehicle, stylist, notes): none in HIPAA mode. */
export function storableBookingDetails(
  settings: HipaaAware,
  details: Record<string, unknown>,
): Record<string, unknown> {
  return isHipaa(settings) ? {} : { ...details };
}

export interface EventFacts {
  service: string;
  customerName: string;
  customerPhone?: string | null;
  details?: Record<string, unknown>;
}

/** A calendar event's title and description: in HIPAA mode no treatment and no details. */
export function calendarEventText(settings: HipaaAware, e: EventFacts): { title: string; description: string } {
  const hipaa = isHipaa(settings);
  const lines = [`Booked by phone for ${e.customerName}${e.customerPhone ? ` (${e.customerPhone})` : ''}.`];
  if (!hipaa) for (const [k, v] of Object.entries(e.details ?? {})) if (v) lines.push(`${k}: ${String(v)}`);
  return { title: `${hipaa ? 'Appointment' : e.service} – ${e.customerName}`, description: lines.join('\n') };
}

/** The event's location (the service address): not sent to the calendar in HIPAA mode. */
export function calendarLocation(settings: HipaaAware, address: string): string | null {
  return isHipaa(settings) ? null : address;
}

/**
 * Intake answers kept on the booking. They are structured facts the business needs for the visit
 * (an address, new or returning, a date of birth) and stay in the booking's row like its name and
 * phone; free-text answers are caller words, so none in HIPAA mode.
 */
export function storableIntake(
  settings: HipaaAware,
  answers: Record<string, string>,
  freeText: ReadonlySet<string>,
): Record<string, string> {
  if (!isHipaa(settings)) return { ...answers };
  return Object.fromEntries(Object.entries(answers).filter(([id]) => !freeText.has(id)));
}

// ---------------------------------------------------------------- notifications

export type Notice =
  /** The caller reported an emergency; `words` is what they said. */
  | { kind: 'emergency'; callerPhone?: string; name?: string; words: string; summary?: string }
  /** A message the caller left; `summary` is the call's summary (itself HIPAA-aware). */
  | { kind: 'message'; name: string; callbackPhone: string | null; words: string; summary?: string }
  | { kind: 'callback'; callerPhone?: string; name?: string; service?: string }
  /** The caller's own confirmation text. */
  | { kind: 'booked'; business: string; service: string; when: string }
  /** To the business: a booking the calendar has not taken yet. */
  | { kind: 'pendingSync'; customerName: string; service: string; when: string };

/** The text of a notification: in HIPAA mode it says what happened, never the caller's words or the treatment. */
export function notificationText(settings: HipaaAware, n: Notice): string {
  const hipaa = isHipaa(settings);
  const what = (service: string) => (hipaa ? 'appointment' : service);
  switch (n.kind) {
    case 'emergency': {
      const who = `${n.callerPhone ?? 'an unknown number'}${n.name ? ` (${n.name})` : ''}`;
      if (hipaa) return `URGENT: call from ${who}: caller reported an emergency. Please call back now.`;
      const summary = n.summary ? ` Summary: ${n.summary}` : '';
      return `URGENT: emergency call from ${who}: "${n.words.slice(0, 200)}". Please call back now.${summary}`;
    }
    case 'message': {
      const back = n.callbackPhone ?? 'no number given';
      const summary = n.summary && !hipaa ? ` Summary: ${n.summary}` : '';
      if (hipaa) return `Message from ${n.name}: please call back at ${back}.`;
      return `Message from ${n.name} (call back at ${back}): "${n.words.slice(0, 600)}".${summary}`;
    }
    case 'callback': {
      const who = `${n.callerPhone ?? 'a caller without caller ID'}${n.name ? ` (${n.name})` : ''}`;
      return `Callback requested by ${who}${n.service && !hipaa ? ` about ${n.service}` : ''}.`;
    }
    case 'booked':
      return `${n.business}: your ${what(n.service)} is booked for ${n.when}. Call us to make changes.`;
    case 'pendingSync':
      return (
        'New booking not yet in your calendar (it will be added automatically): ' +
        `${n.customerName}, ${what(n.service)}, ${n.when}.`
      );
  }
}

// ---------------------------------------------------------------- logs

/** Caller text for a log line: its length only in HIPAA mode. */
export function loggableCallerText(settings: HipaaAware, text: string): string {
  return isHipaa(settings) ? `[${text.length} chars]` : text;
}
