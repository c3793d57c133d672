// What a call may write to storage. In HIPAA mode nothing the caller or assistant said is kept,
// and no free-text booking details: only the booking's own fields (name, phone, service, time),
// which the business needs to serve the appointment.
import type { OrgSettings } from '../templates/types.ts';

export interface StorableCallText {
  transcript: string | null;
  callerText: string | null;
  assistantText: string | null;
  details: Record<string, unknown> | null;
}

type HipaaAware = { flags: Pick<OrgSettings['flags'], 'hipaaMode'> };

export function isHipaa(settings: HipaaAware): boolean {
  return settings.flags.hipaaMode === true;
}

export function redactForStorage(settings: HipaaAware, input: StorableCallText): StorableCallText {
  if (!isHipaa(settings)) return { ...input };
  return { transcript: null, callerText: null, assistantText: null, details: null };
}

/** The call session's `redact` hook: text passes through, or null in HIPAA mode. */
export function transcriptRedactor(settings: HipaaAware): (text: string) => string | null {
  return isHipaa(settings) ? () => null : (text) => text;
}
