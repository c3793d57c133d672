import { describe, expect, test } from 'bun:test';
import {
  calendarEventText,
  llmMayReadCallerText,
  loggableCallerText,
  mayStoreRecording,
  notificationText,
  storableBookingDetails,
  storableMessage,
  storableSummary,
  storableTranscript,
  storableTurnText,
  type Notice,
} from '../../src/privacy/hipaa.ts';
import { getTemplate, resolveSettings } from '../../src/templates/index.ts';
import { initialState, reduce } from '../../src/dialogue/reducer.ts';
import type { DialogueAction, DialogueContext, DialogueEvent, DialogueState } from '../../src/dialogue/types.ts';
import type { NluResult } from '../../src/nlu/types.ts';
import type { OrgSettings } from '../../src/templates/types.ts';

const WORDS = 'my gums are bleeding since the root canal';
const notices: Notice[] = [
  { kind: 'emergency', callerPhone: '+15125550123', name: 'Jane Roe', words: WORDS },
  { kind: 'callback', callerPhone: '+15125550123', name: 'Jane Roe', service: 'Root Canal' },
  { kind: 'booked', business: 'Bright Smiles', service: 'Root Canal', when: 'Tuesday at 9 AM' },
  { kind: 'pendingSync', customerName: 'Jane Roe', service: 'Root Canal', when: 'Tuesday at 9 AM' },
];

describe('the HIPAA rule', () => {
  const dental = resolveSettings('dental', {});
  const hvac = getTemplate('hvac').defaults;

  test('in HIPAA mode no transcript, turn, message, summary, recording or free-text detail is kept', () => {
    expect(dental.flags.hipaaMode).toBe(true);
    expect(storableTranscript(dental, `Caller: ${WORDS}`)).toBeNull();
    expect(storableTurnText(dental, WORDS)).toBeNull();
    expect(storableMessage(dental, WORDS)).toBeNull();
    expect(storableSummary(dental, WORDS)).toBeNull();
    expect(mayStoreRecording(dental)).toBe(false);
    expect(storableBookingDetails(dental, { note: WORDS })).toEqual({});
    expect(loggableCallerText(dental, WORDS)).toBe(`[${WORDS.length} chars]`);
  });

  test('outside HIPAA mode everything is kept as said', () => {
    expect(storableTranscript(hvac, 'Caller: hi')).toBe('Caller: hi');
    expect(storableTurnText(hvac, 'hi')).toBe('hi');
    expect(storableMessage(hvac, 'call me')).toBe('call me');
    expect(storableSummary(hvac, 'wants a tune-up')).toBe('wants a tune-up');
    expect(mayStoreRecording(hvac)).toBe(true);
    expect(storableBookingDetails(hvac, { vehicle: '2015 Civic' })).toEqual({ vehicle: '2015 Civic' });
    expect(loggableCallerText(hvac, 'hi')).toBe('hi');
  });

  test('an operator can switch HIPAA mode on for any vertical', () => {
    const salon = resolveSettings('salon', { flags: { hipaaMode: true } });
    expect(storableTranscript(salon, 'hi')).toBeNull();
  });

  test('HIPAA notifications say what happened, never the caller words or the treatment', () => {
    for (const n of notices) {
      const text = notificationText(dental, n);
      expect(text).not.toContain('gums');
      expect(text).not.toContain('Root Canal');
    }
    expect(notificationText(dental, notices[0]!)).toBe(
      'URGENT: call from +15125550123 (Jane Roe): caller reported an emergency. Please call back now.',
    );
    expect(notificationText(dental, notices[2]!)).toBe(
      'Bright Smiles: your appointment is booked for Tuesday at 9 AM. Call us to make changes.',
    );
    expect(notificationText(hvac, notices[0]!)).toContain(WORDS);
    expect(notificationText(hvac, notices[1]!)).toContain('about Root Canal');
  });

  test('HIPAA calendar events carry no treatment and no details', () => {
    const who = { customerName: 'Jane Roe', customerPhone: '+15125550123' };
    const facts = { service: 'Root Canal', ...who, details: { note: WORDS } };
    expect(calendarEventText(dental, facts)).toEqual({
      title: 'Appointment – Jane Roe',
      description: 'Booked by phone for Jane Roe (+15125550123).',
    });
    const open = calendarEventText(hvac, facts);
    expect(open.title).toBe('Root Canal – Jane Roe');
    expect(open.description).toContain(WORDS);
  });

  test('caller text reaches the LLM in HIPAA mode only under a declared BAA', () => {
    expect(llmMayReadCallerText(hvac)).toBe(true);
    expect(llmMayReadCallerText(dental)).toBe(false);
    expect(llmMayReadCallerText(resolveSettings('dental', { flags: { llmBaa: true } }))).toBe(true);
  });
});

describe('the dialogue follows the rule', () => {
  const ctx = (settings: OrgSettings): DialogueContext => ({
    business: 'Bright Smiles',
    timezone: 'America/Chicago',
    vertical: 'dental',
    settings,
    callerPhone: '+15125550123',
  });
  const emergency: NluResult = { intent: 'emergency', slots: { emergency: true }, confidence: 0.9, source: 'local' };
  const notified = (c: DialogueContext): string[] => {
    let state: DialogueState = initialState(c);
    const actions: DialogueAction[] = [];
    const events: DialogueEvent[] = [
      { type: 'callStarted' },
      { type: 'utterance', text: `emergency, ${WORDS}`, nlu: emergency },
    ];
    for (const ev of events) {
      const step = reduce(state, ev);
      state = step.state;
      actions.push(...step.actions);
    }
    return actions.flatMap((a) => (a.type === 'notifyBusiness' || a.type === 'notifyCaller' ? [a.body] : []));
  };

  test('a HIPAA emergency notification names the caller and the emergency, not their words', () => {
    const bodies = notified(ctx(resolveSettings('dental', { flags: { emergencyHandling: true } })));
    expect(bodies).toEqual(['URGENT: call from +15125550123: caller reported an emergency. Please call back now.']);
  });

  test('without HIPAA mode the business reads what the caller said', () => {
    const bodies = notified(ctx(resolveSettings('dental', { flags: { emergencyHandling: true, hipaaMode: false } })));
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain(WORDS);
  });
});
