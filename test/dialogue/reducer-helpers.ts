// Builders for reducer tests: contexts from the real vertical templates, NLU results by hand,
// and a driver that reports the phases a run visited and the phrases it spoke.
import type { Vertical } from '../../src/db/schema.ts';
import type { Intent, NluResult, NluSlots, ResolvedTime } from '../../src/nlu/types.ts';
import type { OrgSettings } from '../../src/templates/types.ts';
import { resolveSettings } from '../../src/templates/index.ts';
import { initialState, reduce } from '../../src/dialogue/reducer.ts';
import type {
  DialogueAction,
  DialogueContext,
  DialogueEvent,
  DialogueState,
  Phase,
  SayAction,
} from '../../src/dialogue/types.ts';

export const TZ = 'America/Chicago';

export function context(
  vertical: Vertical,
  overrides: Partial<OrgSettings> = {},
  callerPhone: string | null = '+15125550123',
): DialogueContext {
  return {
    business: 'Polar Air',
    timezone: TZ,
    vertical,
    settings: { ...resolveSettings(vertical, {}), ...overrides },
    ...(callerPhone ? { callerPhone } : {}),
  };
}

export function at(local: string, hasTime = true, text = local): ResolvedTime {
  return { start: new Date(local).toISOString(), hasTime, text };
}

export function nlu(intent: Intent, slots: NluSlots = {}, confidence = 0.9): NluResult {
  return { intent, slots, confidence, source: 'local' };
}

export const utter = (text: string, n: NluResult): DialogueEvent => ({ type: 'utterance', text, nlu: n });
export const yes = utter('yes', nlu('unknown', { yesNo: 'yes' }));
export const no = utter('no', nlu('unknown', { yesNo: 'no' }));
export const mumble = utter('hmm', nlu('unknown', {}, 0.2));

export interface Run {
  state: DialogueState;
  /** Actions of the last event only. */
  last: DialogueAction[];
  all: DialogueAction[];
  /** Every phase the run was in, the starting one included. */
  phases: Set<Phase>;
}

export function run(ctx: DialogueContext, events: DialogueEvent[], from?: DialogueState): Run {
  let state = from ?? initialState(ctx);
  let last: DialogueAction[] = [];
  const all: DialogueAction[] = [];
  const phases = new Set<Phase>([state.phase]);
  for (const ev of events) {
    const step = reduce(state, ev);
    state = step.state;
    last = step.actions;
    all.push(...step.actions);
    phases.add(state.phase);
  }
  return { state, last, all, phases };
}

/** The phrases said, whichever of their wordings (`anythingElse#2` is `anythingElse`). */
export const saidIds = (actions: DialogueAction[]) =>
  actions.filter((a): a is SayAction => a.type === 'say').map((a) => a.phraseId.replace(/#\d+$/, ''));
export const saidText = (actions: DialogueAction[]) =>
  actions
    .filter((a): a is SayAction => a.type === 'say')
    .map((a) => a.text)
    .join(' ');
export const types = (actions: DialogueAction[]) => actions.map((a) => a.type);
export function find<T extends DialogueAction['type']>(
  actions: DialogueAction[],
  type: T,
): Extract<DialogueAction, { type: T }> | undefined {
  return actions.find((a): a is Extract<DialogueAction, { type: T }> => a.type === type);
}
