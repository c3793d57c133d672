// Live transfer to a person: when the dialogue hands a call over, to which number, and what the
// person answering hears first (warm mode). Pure: whether the transfer hours are open is asked of
// the executor (it has the clock) with `checkTransfer`, and its answer comes back as an event.
import type { OrgSettings, TransferSettings } from '../templates/types.ts';
import { utcToZoned, parseHm } from '../time/zoned.ts';
import type { DialogueAction, DialogueState, Step, TransferPlan, TransferReason } from './types.ts';
import { spokenService } from './spoken.ts';
import { TRANSFER_LINES } from './handoff-phrases.ts';

export { TRANSFER_LINES };

export const DEFAULT_TRANSFER_TIMEOUT_SECONDS = 20;

/** Where a transfer for this reason goes, or null when the org has no such number. */
export function transferTarget(settings: OrgSettings, reason: TransferReason): string | null {
  const t = settings.transfer;
  if (!t) return null;
  return (reason === 'emergency' ? t.emergency : t.main) ?? null;
}

/**
 * Whether the transfer hours are open at `nowMs`. An emergency goes to the on-call number at any
 * hour; without `hours` transfers are always attempted.
 */
export function transferOpen(t: TransferSettings | undefined, reason: TransferReason, tz: string, nowMs: number) {
  if (!t || reason === 'emergency' || !t.hours) return true;
  const z = utcToZoned(nowMs, tz);
  const minute = z.hour * 60 + z.minute;
  return (t.hours[z.weekday] ?? []).some((i) => parseHm(i.open) <= minute && minute < parseHm(i.close));
}

/** One sentence for the person who answers: who is calling and why. */
export function whisperText(state: DialogueState, reason: TransferReason): string {
  const { slots, ctx } = state;
  const who = slots.name ?? 'a caller';
  const from = ctx.callerPhone
    ? ` at ${ctx.callerPhone.replace(/^\+1(?=\d{10}$)/, '').replace(/(\d)(?=(\d{4}|\d{7})$)/g, '$1 ')}`
    : '';
  const about =
    slots.service && !ctx.settings.flags.hipaaMode ? ` about ${spokenService(ctx.settings, slots.service)}` : '';
  const why =
    reason === 'emergency'
      ? `reporting an emergency${about}`
      : reason === 'gaveUp'
        ? `who needs help the assistant could not give${about}`
        : `asking to speak with someone${about}`;
  return `Call from ${who}${from}, ${why}. Connecting you now.`;
}

/** Starts a transfer when the org has a number for it: the executor checks the hours first. */
export function startTransfer(state: DialogueState, reason: TransferReason, lead: DialogueAction[] = []): Step | null {
  if (state.ctx.returned) return null; // a call back from a failed transfer is never sent round again
  if (!transferTarget(state.ctx.settings, reason)) return null;
  return {
    state: { ...state, phase: 'transferring', dtmf: false, prompt: [], transferReason: reason },
    actions: [...lead, { type: 'checkTransfer', reason }],
  };
}

/** Hours open: say so, then hand the call over once that sentence has played. */
export function handOff(state: DialogueState): Step {
  const reason = state.transferReason ?? 'person';
  const t = state.ctx.settings.transfer!;
  const plan: TransferPlan = {
    to: transferTarget(state.ctx.settings, reason)!,
    mode: t.mode ?? 'cold',
    timeoutSeconds: t.timeoutSeconds ?? DEFAULT_TRANSFER_TIMEOUT_SECONDS,
    whisper: (t.mode ?? 'cold') === 'warm' ? whisperText(state, reason) : null,
    reason,
    ...(state.slots.name ? { callerName: state.slots.name } : {}),
  };
  const sayIt = reason === 'emergency' ? TRANSFER_LINES.connectingEmergency : TRANSFER_LINES.connecting;
  return {
    state: { ...state, phase: 'goodbye', outcome: 'transferred', pendingOutcome: 'transferred', handoff: plan },
    actions: [sayIt, { type: 'handOff', plan }, { type: 'endCall', outcome: 'transferred' }],
  };
}
