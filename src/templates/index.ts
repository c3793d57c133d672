// Vertical templates and per-org settings resolution: stored overrides on top of the template.
import type { Vertical } from './types.ts';
import { CHANGE_VERIFICATIONS, type ChangeVerification, type OrgSettings, type VerticalTemplate } from './types.ts';
import { hvac } from './hvac.ts';
import { automotive } from './automotive.ts';
import { dental } from './dental.ts';
import { salon } from './salon.ts';

const TEMPLATES: Record<Vertical, VerticalTemplate> = { hvac, automotive, dental, salon };

export const VERTICALS: readonly Vertical[] = ['hvac', 'automotive', 'dental', 'salon'];

export function isVertical(s: string): s is Vertical {
  return (VERTICALS as readonly string[]).includes(s);
}

export function getTemplate(v: Vertical): VerticalTemplate {
  return TEMPLATES[v];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars replace; values of the wrong kind are ignored. */
function merge<T>(base: T, over: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(over)) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined || v === null) continue;
    const b = (base as Record<string, unknown>)[k];
    if (b === undefined) out[k] = v;
    else if (isPlainObject(b)) out[k] = merge(b, v);
    else if (Array.isArray(b)) {
      if (Array.isArray(v)) out[k] = v;
    } else if (typeof b === typeof v) out[k] = v;
  }
  return out as T;
}

export function resolveSettings(vertical: Vertical, stored: Record<string, unknown> | null | undefined): OrgSettings {
  return merge(getTemplate(vertical).defaults, stored ?? {});
}

export function renderGreeting(settings: OrgSettings, businessName: string): string {
  return settings.greeting.replaceAll('{business}', businessName);
}

/** The org's change policy; a stored value the product does not know fails closed (messages only). */
export function changeVerificationOf(settings: OrgSettings): ChangeVerification {
  const v = settings.changeVerification;
  return CHANGE_VERIFICATIONS.includes(v) ? v : 'message_only';
}
