// The call in one or two sentences: what the caller wanted, what was done, what is left to do.
// Built from the dialogue's own record (always available, no caller words but a message's), and
// optionally rewritten by the LLM when one is configured (see call-summary.ts).
import type { DialogueState } from './types.ts';
import { renderWhen } from '../time/render-time.ts';

export function dialogueSummary(s: DialogueState): string {
  const { slots, ctx } = s;
  const hipaa = ctx.settings.flags.hipaaMode;
  const who = slots.name ?? s.message?.name ?? 'The caller';
  const about = slots.service && !hipaa ? ` ${slots.service}` : '';
  const outcome = s.outcome ?? s.pendingOutcome ?? 'hung_up';
  const when = (iso: string) => renderWhen(iso, ctx.timezone);
  switch (outcome) {
    case 'booked': {
      const b = s.booked;
      const what = b && !hipaa ? b.service : 'an appointment';
      return `${who} booked ${what}${b ? ` for ${when(b.start)}` : ''}. Nothing left to do.`;
    }
    case 'rescheduled':
      return `${who} moved an appointment${slots.time ? ` to ${when(slots.time.start)}` : ''}. Nothing left to do.`;
    case 'cancelled':
      return `${who} cancelled an appointment. Nothing left to do.`;
    case 'answered':
      return `${who} had a question${about ? ` about${about}` : ''} and got an answer. Nothing left to do.`;
    case 'escalated':
      return `${who} reported an emergency${about ? ` (${about.trim()})` : ''}; the on-call team was alerted. Call back now.`;
    case 'callback':
      return `${who} wanted help${about ? ` with${about}` : ''} and asked for a callback. Call them back.`;
    case 'transferred': {
      const h = s.handoff;
      const why = h?.reason === 'emergency' ? 'reported an emergency' : 'asked for a person';
      return `${who} ${why}${about ? ` about${about}` : ''} and was transferred to ${h?.to ?? 'staff'}.`;
    }
    case 'message': {
      const m = s.message;
      const said = m?.text && !hipaa ? `: "${m.text.slice(0, 160)}"` : '';
      return `${who} left a message${said}. Call back at ${m?.phone ?? 'the number they gave'}.`;
    }
    default: {
      const partway = s.goal === 'book' && about ? ` while booking${about}` : '';
      return `${who} hung up${partway} before anything was done.${partway ? ' Consider calling back.' : ''}`;
    }
  }
}
