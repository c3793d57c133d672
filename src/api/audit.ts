// Audit records of platform-level changes to an organization: who (the admin key or an org
// key's id), what, old → new, when. Rows are written in the same batch as the change itself.
import type { AuditEvent, NewAuditEvent } from '../db/schema.ts';
import type { Principal } from './auth.ts';
import type { FieldChange } from './admin-fields.ts';
import { iso } from './time-query.ts';

export type AuditAction =
  | 'org.field_changed'
  | 'org.disabled'
  | 'org.enabled'
  | 'org.calendar_connected'
  | 'key.issued'
  | 'key.revoked';

export function auditRow(
  p: Principal,
  orgId: string,
  action: AuditAction,
  now: number,
  change?: FieldChange,
): NewAuditEvent {
  return {
    orgId,
    actor: p.kind === 'admin' ? 'admin' : 'key',
    actorKeyId: p.kind === 'org' ? p.keyId : null,
    action,
    field: change?.field ?? null,
    oldValue: change ? change.from : null,
    newValue: change ? change.to : null,
    createdAt: new Date(now),
  };
}

export function auditJson(e: AuditEvent) {
  return {
    id: e.id,
    orgId: e.orgId,
    actor: e.actor,
    actorKeyId: e.actorKeyId,
    action: e.action,
    field: e.field,
    from: e.oldValue ?? null,
    to: e.newValue ?? null,
    at: iso(e.createdAt),
  };
}
