// Intake questions as data: asked once the time is free, read back, corrected, stored on the booking.
import { describe, expect, test } from 'bun:test';
import type { DialogueEvent } from '../../src/dialogue/types.ts';
import type { IntakeQuestion } from '../../src/templates/types.ts';
import { resolveSettings } from '../../src/templates/index.ts';
import { at, context, find, nlu, run, saidText, utter, yes } from './reducer-helpers.ts';

const start: DialogueEvent = { type: 'callStarted' };
const free: DialogueEvent = { type: 'availabilityResult', free: true, alternatives: [] };
const thursday = utter('Thursday at 1 pm', nlu('booking', { time: at('2026-11-26T13:00:00-06:00', true) }));
const maria = utter('Maria Gonzalez', nlu('unknown', { name: 'Maria Gonzalez' }));

function upToFree(vertical: 'hvac' | 'automotive' | 'dental' | 'salon', settings: Record<string, unknown> = {}) {
  const ctx = context(vertical);
  const c = { ...ctx, settings: resolveSettings(vertical, settings) };
  const service = c.settings.services[0]!.name;
  const r = run(c, [start, utter('I need an appointment', nlu('booking', { service })), maria, thursday]);
  const vehicle =
    r.state.expecting === 'vehicle' ? [utter('a 2016 jeep', nlu('unknown', { vehicle: '2016 Jeep' }))] : [];
  return { ctx: c, ...run(c, [...vehicle, free], r.state) };
}

describe('HVAC: the service address', () => {
  test('asked once the time is free, read back with the booking, stored on it', () => {
    const r = upToFree('hvac');
    expect(r.state.phase).toBe('intake');
    expect(saidText(r.last)).toContain('address');
    const a = run(r.ctx, [utter("it's 12 Oak Street", nlu('unknown'))], r.state);
    expect(a.state.phase).toBe('confirm');
    expect(saidText(a.last)).toContain('at 12 Oak Street');
    const b = run(r.ctx, [yes], a.state);
    expect(find(b.last, 'book')).toMatchObject({ address: '12 Oak Street', intake: { address: '12 Oak Street' } });
  });

  test('"no, it’s 14 Oak Street" at the read-back corrects the address and reads it back again', () => {
    const r = upToFree('hvac');
    const a = run(
      r.ctx,
      [utter('12 Oak Street', nlu('unknown')), utter('no, it’s 14 Oak Street', nlu('unknown', { yesNo: 'no' }))],
      r.state,
    );
    expect(a.state.phase).toBe('confirm');
    expect(saidText(a.last)).toContain('at 14 Oak Street');
    expect(find(run(r.ctx, [yes], a.state).last, 'book')?.address).toBe('14 Oak Street');
  });

  test('an address given in passing is not asked again', () => {
    const ctx = context('hvac');
    const r = run(ctx, [
      start,
      utter('my furnace is banging, I am at 5 Elm Road', nlu('booking', { service: 'Heating Repair' })),
      maria,
      thursday,
      free,
    ]);
    expect(r.state.phase).toBe('confirm');
    expect(saidText(r.last)).toContain('at 5 Elm Road');
  });

  test('a time picked among the offered alternatives is followed by the address question', () => {
    const ctx = context('hvac');
    const taken: DialogueEvent = {
      type: 'availabilityResult',
      free: false,
      alternatives: ['2026-11-26T20:30:00.000Z', '2026-11-27T15:00:00.000Z'],
    };
    const r = run(ctx, [
      start,
      utter('my furnace is banging', nlu('booking', { service: 'Heating Repair' })),
      maria,
      thursday,
      taken,
      utter('the first one', nlu('unknown', { choice: 0 })),
    ]);
    expect(r.state.phase).toBe('intake');
    expect(saidText(r.last)).toContain('technician to come');
  });

  test('an unclear address is asked again in other words, then a callback is offered', () => {
    const r = upToFree('hvac');
    const once = run(r.ctx, [utter('uh the blue house', nlu('unknown'))], r.state);
    expect(saidText(once.last)).toContain('house number');
    const twice = run(r.ctx, [utter('by the park', nlu('unknown'))], once.state);
    expect(twice.state.phase).toBe('callbackOffer');
  });

  test('an operator can remove it: no question, straight to the read-back', () => {
    expect(upToFree('hvac', { intake: [] }).state.phase).toBe('confirm');
  });
});

describe('automotive: the address only with mobile service', () => {
  test('not asked when the shop does not offer mobile service', () => {
    expect(upToFree('automotive').state.phase).toBe('confirm');
  });
  test('asked when it does', () => {
    const r = upToFree('automotive', { flags: { mobileService: true } });
    expect(r.state.phase).toBe('intake');
    expect(saidText(r.last)).toContain('mechanic');
  });
});

describe('dental: new or returning patient, date of birth for returning ones', () => {
  test('a new patient is not asked the date of birth', () => {
    const r = upToFree('dental');
    expect(saidText(r.last)).toContain('first visit');
    const a = run(r.ctx, [utter("it's my first time", nlu('unknown'))], r.state);
    expect(a.state.phase).toBe('confirm');
    expect(saidText(a.last)).toContain('as a new patient');
    expect(find(run(r.ctx, [yes], a.state).last, 'book')?.intake).toEqual({ patientStatus: 'new' });
  });

  test('a returning patient is asked the date of birth; it is stored, not read back', () => {
    const r = upToFree('dental');
    const a = run(r.ctx, [utter("I've been there before", nlu('unknown'))], r.state);
    expect(saidText(a.last)).toContain('date of birth');
    const d = run(r.ctx, [utter('March 4th 1985', nlu('unknown'))], a.state);
    expect(d.state.phase).toBe('confirm');
    expect(saidText(d.last)).not.toContain('1985');
    const b = find(run(r.ctx, [yes], d.state).last, 'book');
    expect(b?.intake).toEqual({ patientStatus: 'returning', dateOfBirth: '1985-03-04' });
  });

  test('the date of birth is optional: "skip" goes on to the read-back', () => {
    const r = upToFree('dental');
    const a = run(r.ctx, [utter('returning', nlu('unknown')), utter("I'd rather skip that", nlu('unknown'))], r.state);
    expect(a.state.phase).toBe('confirm');
    expect(find(run(r.ctx, [yes], a.state).last, 'book')?.intake).toEqual({ patientStatus: 'returning' });
  });
});

describe('questions an operator adds', () => {
  const gate: IntakeQuestion = {
    id: 'gateCode',
    ask: 'Is there a gate code we need?',
    askAgain: 'Sorry, is there a gate code?',
    kind: 'text',
    required: false,
    when: { services: ['Heating Repair'] },
  };
  const pets: IntakeQuestion = {
    id: 'pets',
    ask: 'Any pets in the home?',
    askAgain: 'Sorry, any pets at home, yes or no?',
    kind: 'yesNo',
    required: true,
  };

  test('asked in order after the template’s, only for the services they name, answers stored by id', () => {
    const intake = [...resolveSettings('hvac', {}).intake!, gate, pets];
    const r = upToFree('hvac', { intake });
    const a = run(r.ctx, [utter('12 Oak Street', nlu('unknown'))], r.state);
    expect(saidText(a.last)).toBe('Is there a gate code we need?');
    const g = run(r.ctx, [utter('pound 4 4 1 2', nlu('unknown'))], a.state);
    expect(saidText(g.last)).toBe('Any pets in the home?');
    const p = run(r.ctx, [utter('yes a dog', nlu('unknown', { yesNo: 'yes' })), yes], g.state);
    expect(find(p.last, 'book')?.intake).toEqual({ address: '12 Oak Street', gateCode: 'pound 4 4 1 2', pets: 'yes' });
  });

  test('a question for other services is not asked', () => {
    const r = upToFree('hvac', { intake: [{ ...gate, when: { services: ['Duct Cleaning'] } }] });
    expect(r.state.phase).toBe('confirm');
  });

  test('the model’s reading of an answer is used when the words alone do not give it', () => {
    const r = upToFree('hvac');
    const a = run(
      r.ctx,
      [utter('the one on oak, number twelve', nlu('unknown', { intake: { address: '12 Oak Street' } }))],
      r.state,
    );
    expect(saidText(a.last)).toContain('at 12 Oak Street');
  });
});
