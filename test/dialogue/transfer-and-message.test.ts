// Live transfer and message taking in the pure dialogue: when a call is handed over, what the
// person answering hears, what happens out of hours, and how a message is taken.
import { describe, expect, test } from 'bun:test';
import { initialState, reduce } from '../../src/dialogue/reducer.ts';
import type { DialogueAction, DialogueContext, DialogueEvent, DialogueState } from '../../src/dialogue/types.ts';
import { phoneFromSpeech, spokenNumber } from '../../src/dialogue/message.ts';
import { transferOpen } from '../../src/dialogue/transfer.ts';
import { dialogueSummary } from '../../src/dialogue/summary.ts';
import { context, nlu, no, utter, yes } from './reducer-helpers.ts';

const MAIN = '+15125550100';
const ONCALL = '+15125550911';
const start: DialogueEvent = { type: 'callStarted' };
const person = utter('can I talk to a real person', nlu('complex', { wantsHuman: true }));
const open: DialogueEvent = { type: 'transferChecked', open: true };
const closed: DialogueEvent = { type: 'transferChecked', open: false };

function play(ctx: DialogueContext, events: DialogueEvent[]): { state: DialogueState; all: DialogueAction[] } {
  let state = initialState(ctx);
  const all: DialogueAction[] = [];
  for (const ev of events) {
    const step = reduce(state, ev);
    state = step.state;
    all.push(...step.actions);
  }
  return { state, all };
}

const said = (all: DialogueAction[]) =>
  all
    .filter((a) => a.type === 'say')
    .map((a) => (a as { text: string }).text)
    .join(' ');

describe('live transfer', () => {
  const staffed = context('hvac', { transfer: { main: MAIN, emergency: ONCALL, mode: 'warm', timeoutSeconds: 25 } });

  test('a caller asking for a person is transferred to the main number once the hours are checked', () => {
    const { state, all } = play(staffed, [start, person]);
    expect(all.at(-1)).toEqual({ type: 'checkTransfer', reason: 'person' });
    const step = reduce(state, open);
    const handOff = step.actions.find((a) => a.type === 'handOff');
    expect(handOff).toMatchObject({ plan: { to: MAIN, mode: 'warm', timeoutSeconds: 25, reason: 'person' } });
    expect(step.actions.at(-1)).toEqual({ type: 'endCall', outcome: 'transferred' });
    // The short sentence comes before the hand-off, so it plays before the call is redirected.
    expect(step.actions[0]).toMatchObject({ type: 'say', phraseId: 'transferConnecting' });
  });

  test('the warm whisper says who is calling and why, in one sentence', () => {
    const named = utter(
      'this is Dana Smith, I want to talk to someone',
      nlu('complex', { wantsHuman: true, name: 'Dana Smith' }),
    );
    let { state } = play(staffed, [start]);
    state = { ...state, slots: { name: 'Dana Smith', service: 'AC Repair' } };
    const step = reduce(reduce(state, named).state, open);
    const plan = step.actions.find((a) => a.type === 'handOff') as Extract<DialogueAction, { type: 'handOff' }>;
    expect(plan.plan.whisper).toBe(
      'Call from Dana Smith at 512 555 0123, asking to speak with someone about AC repair. Connecting you now.',
    );
  });

  test('a cold transfer has no whisper', () => {
    const cold = context('hvac', { transfer: { main: MAIN } });
    const step = reduce(play(cold, [start, person]).state, open);
    expect(step.actions.find((a) => a.type === 'handOff')).toMatchObject({
      plan: { to: MAIN, mode: 'cold', whisper: null, timeoutSeconds: 20 },
    });
  });

  test('out of transfer hours the caller is told so and a message is taken', () => {
    const step = reduce(play(staffed, [start, person]).state, closed);
    expect(step.state.phase).toBe('messageName');
    expect(said(step.actions)).toContain('I can take a message');
  });

  test('without a transfer number a person request still gets the callback offer', () => {
    const { state } = play(context('hvac'), [start, person]);
    expect(state.phase).toBe('callbackOffer');
  });

  test('repeated misunderstanding hands the call to a person', () => {
    const mumble = utter('hmm', nlu('unknown', {}, 0.2));
    const { all } = play(staffed, [start, mumble, mumble]);
    expect(all.at(-1)).toEqual({ type: 'checkTransfer', reason: 'gaveUp' });
  });

  test('a gas smell: safety advice first, then the on-call number', () => {
    const gas = utter('I smell gas in my house', nlu('emergency', { emergency: true }));
    const { state, all } = play(staffed, [start, gas]);
    const text = said(all);
    expect(text).toContain('leave the house');
    expect(all.at(-1)).toEqual({ type: 'checkTransfer', reason: 'emergency' });
    expect(all.find((a) => a.type === 'notifyBusiness')).toMatchObject({ urgent: true });
    const step = reduce(state, open);
    expect(step.actions.find((a) => a.type === 'handOff')).toMatchObject({ plan: { to: ONCALL, reason: 'emergency' } });
  });

  test('no heat: warmth advice before the transfer', () => {
    const cold = utter('we have no heat and it is freezing', nlu('emergency', { emergency: true }));
    const { all } = play(staffed, [start, cold]);
    expect(said(all)).toContain('warm layers');
  });

  test('dental severe pain: the urgent slot by default, the on-call dentist when the org says so', () => {
    const pain = utter('I am in severe tooth pain', nlu('emergency', { emergency: true }));
    const slot = play(context('dental', { transfer: { emergency: ONCALL } }), [start, pain]);
    expect(slot.state.goal).toBe('book');
    const transfer = play(context('dental', { transfer: { emergency: ONCALL, urgentPain: 'transfer' } }), [
      start,
      pain,
    ]);
    expect(transfer.all.at(-1)).toEqual({ type: 'checkTransfer', reason: 'emergency' });
  });

  test('transfer hours: open inside an interval of the local day, closed outside, emergencies always', () => {
    const t = { main: MAIN, hours: { fri: [{ open: '09:00', close: '17:00' }] } };
    const fri10 = Date.parse('2026-11-27T10:00:00-06:00');
    const fri18 = Date.parse('2026-11-27T18:00:00-06:00');
    expect(transferOpen(t, 'person', 'America/Chicago', fri10)).toBe(true);
    expect(transferOpen(t, 'person', 'America/Chicago', fri18)).toBe(false);
    expect(transferOpen(t, 'emergency', 'America/Chicago', fri18)).toBe(true);
  });
});

describe('taking a message', () => {
  const staffed = context('hvac', { transfer: { main: MAIN } });
  const dana = utter('Dana Smith', nlu('unknown', { name: 'Dana Smith' }));
  const words = utter('Please call me about the rattling noise in my furnace', nlu('unknown'));

  test('name, caller ID read back and confirmed, then the words as said: saved and ended as a message', () => {
    const { state, all } = play(staffed, [start, person, closed, dana, yes, words]);
    expect(said(all)).toContain('Should we call you back at 5 1 2, 5 5 5, 0 1 2 3?');
    expect(all).toContainEqual({
      type: 'saveMessage',
      name: 'Dana Smith',
      phone: '+15125550123',
      text: 'Please call me about the rattling noise in my furnace',
    });
    expect(state.outcome).toBe('message');
    expect(all.at(-1)).toEqual({ type: 'endCall', outcome: 'message' });
  });

  test('a different callback number is asked for, read back and confirmed', () => {
    const other = utter('five one two, five five five, zero one nine nine', nlu('unknown'));
    const { all } = play(staffed, [start, person, closed, dana, no, other, yes, words]);
    expect(said(all)).toContain('Should we call you back at 5 1 2, 5 5 5, 0 1 9 9?');
    expect(all.find((a) => a.type === 'saveMessage')).toMatchObject({ phone: '+15125550199' });
  });

  test('what the caller says in the message is never taken as a new request', () => {
    const cancelWords = utter('cancel my appointment and I want a person', nlu('cancel', { wantsHuman: true }));
    const { all } = play(staffed, [start, person, closed, dana, yes, cancelWords]);
    expect(all.find((a) => a.type === 'saveMessage')).toMatchObject({
      text: 'cancel my appointment and I want a person',
    });
  });

  test('a call back from an unanswered transfer goes straight to the message, never round again', () => {
    const back: DialogueContext = { ...staffed, returned: { name: 'Dana Smith' } };
    const { state, all } = play(back, [start]);
    expect(said(all)).toContain('nobody could pick up');
    expect(state.phase).toBe('messageNumberConfirm');
    const after = play(back, [start, person]);
    expect(after.all.some((a) => a.type === 'checkTransfer')).toBe(false);
  });

  test('spoken and written numbers', () => {
    expect(phoneFromSpeech('it is 512-555-0199')).toBe('+15125550199');
    expect(phoneFromSpeech('one five one two five five five zero one nine nine')).toBe('+15125550199');
    expect(phoneFromSpeech('five five five')).toBeNull();
    expect(spokenNumber('+15125550199')).toBe('5 1 2, 5 5 5, 0 1 9 9');
  });
});

describe('call summary from the dialogue record', () => {
  test('a message: who, their words and the number to call back', () => {
    const staffed = context('hvac', { transfer: { main: MAIN } });
    const dana = utter('Dana Smith', nlu('unknown', { name: 'Dana Smith' }));
    const words = utter('the furnace rattles', nlu('unknown'));
    const { state } = play(staffed, [start, person, closed, dana, yes, words]);
    expect(dialogueSummary(state)).toBe('Dana Smith left a message: "the furnace rattles". Call back at +15125550123.');
  });

  test('HIPAA mode keeps the caller words out of the summary', () => {
    const ctx = context('dental', {
      transfer: { main: MAIN },
      flags: { ...context('dental').settings.flags, hipaaMode: true },
    });
    const dana = utter('Dana Smith', nlu('unknown', { name: 'Dana Smith' }));
    const words = utter('my crown fell out', nlu('unknown'));
    const { state } = play(ctx, [start, person, closed, dana, yes, words]);
    expect(dialogueSummary(state)).not.toContain('crown');
  });

  test('a transfer names the reason and the number', () => {
    const staffed = context('hvac', { transfer: { main: MAIN } });
    const { state } = play(staffed, [start, person, open]);
    expect(dialogueSummary(state)).toBe('The caller asked for a person and was transferred to +15125550100.');
  });
});
