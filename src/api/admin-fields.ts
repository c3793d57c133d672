// Organization fields that are platform decisions, not the business's own: which number routes
// to it (call routing) and how its callers' data is kept (HIPAA mode, retention). Only the admin
// key changes them, and each change is audited. Pure: callers pass the state before and after.
import type { OrgSettings } from '../templates/types.ts';

export interface AdminFieldState {
  phoneNumber: string;
  /** Resolved settings (template defaults plus overrides), so a no-op override is no change. */
  settings: OrgSettings;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

const ADMIN_FIELDS: ReadonlyArray<{ field: string; read: (s: AdminFieldState) => unknown }> = [
  { field: 'phoneNumber', read: (s) => s.phoneNumber },
  // Off exposes callers' health details to storage and the LLM; on changes what the business keeps.
  { field: 'settings.flags.hipaaMode', read: (s) => s.settings.flags.hipaaMode },
  // Longer (or 0 = never purge) keeps caller data past the promise; shorter destroys records.
  { field: 'settings.retentionDays', read: (s) => s.settings.retentionDays },
  // Declaring a BAA-covered LLM lets HIPAA callers' words reach the model: a contract, not a preference.
  { field: 'settings.flags.llmBaa', read: (s) => s.settings.flags.llmBaa ?? false },
];

export function adminFieldChanges(before: AdminFieldState, after: AdminFieldState): FieldChange[] {
  const out: FieldChange[] = [];
  for (const { field, read } of ADMIN_FIELDS) {
    const from = read(before) ?? null;
    const to = read(after) ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) out.push({ field, from, to });
  }
  return out;
}
