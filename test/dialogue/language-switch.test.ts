import { describe, expect, test } from 'bun:test';
import { initialState } from '../../src/dialogue/reducer.ts';
import { languageForUtterance, languagesOf, primaryLanguageOf } from '../../src/dialogue/language-switch.ts';
import type { DialogueEvent } from '../../src/dialogue/types.ts';
import { liveFixedPhrase } from '../../src/dialogue/localized.ts';
import { at, context, find, nlu, run, saidIds, saidText, yes } from './reducer-helpers.ts';

const start: DialogueEvent = { type: 'callStarted' };
const bilingual = context('hvac', { languages: ['en', 'es'] });
const spanishOnly = context('hvac', { languages: ['es'], smsConfirmation: true });
const es = (text: string, n = nlu('unknown')): DialogueEvent => ({ type: 'utterance', text, nlu: n, language: 'es' });
const en = (text: string, n = nlu('unknown')): DialogueEvent => ({ type: 'utterance', text, nlu: n, language: 'en' });

describe('the org languages', () => {
  test('English only by default; unknown values are ignored; the primary must be one of them', () => {
    expect(languagesOf({})).toEqual(['en']);
    expect(languagesOf({ languages: ['fr' as 'en'] })).toEqual(['en']);
    expect(primaryLanguageOf({ languages: ['en', 'es'], primaryLanguage: 'es' })).toBe('es');
    expect(primaryLanguageOf({ languages: ['en'], primaryLanguage: 'es' })).toBe('en');
    expect(primaryLanguageOf({ languages: ['es'] })).toBe('es');
  });
});

describe('the greeting', () => {
  test('an English-only org greets as before, with no offer', () => {
    expect(saidIds(run(context('hvac'), [start]).last)).toEqual(['greeting']);
  });

  test('a bilingual org offers Spanish briefly after the English greeting', () => {
    const r = run(bilingual, [start]);
    expect(saidIds(r.last)).toEqual(['greeting', 'languageOffer:es']);
    expect(saidText(r.last)).toContain('Para español, diga español u oprima dos.');
  });

  test('a Spanish-first bilingual org greets in Spanish and offers English', () => {
    const r = run(context('hvac', { languages: ['en', 'es'], primaryLanguage: 'es' }), [start]);
    expect(saidText(r.last)).toContain('Gracias por llamar a Polar Air');
    expect(saidText(r.last)).toContain('For English, say English or press two.');
  });
});

describe('switching', () => {
  test('keypad 2 at the greeting switches to Spanish and asks again in Spanish', () => {
    const r = run(bilingual, [start, { type: 'dtmf', digit: '2' }]);
    expect(r.state.lang).toBe('es');
    expect(saidText(r.last)).toBe('Muy bien, seguimos en español. ¿En qué le podemos ayudar?');
  });

  test('keypad 2 does nothing for an English-only org', () => {
    const r = run(context('hvac'), [start, { type: 'dtmf', digit: '2' }]);
    expect(r.state.lang).toBe('en');
  });

  test('asking for Spanish mid-question re-asks that question in Spanish, keeping what was said', () => {
    const furnace = en('my furnace is broken', nlu('booking', { service: 'Heating Repair' }));
    const r = run(bilingual, [start, furnace, es('¿podemos hablar en español?', nlu('unknown', { language: 'es' }))]);
    expect(r.state.lang).toBe('es');
    expect(r.state.slots.service).toBe('Heating Repair');
    expect(saidText(r.last)).toBe('Muy bien, seguimos en español. ¿Me da su nombre, por favor?');
  });

  test('Spanish speech is answered in Spanish, and "English please" switches back', () => {
    const r = run(bilingual, [
      start,
      es('quiero una cita para la calefacción', nlu('booking', { service: 'Heating Repair' })),
    ]);
    expect(saidText(r.last)).toBe('¿Me da su nombre, por favor?');
    const back = run(bilingual, [en('English please')], r.state);
    expect(back.state.lang).toBe('en');
    expect(saidText(back.last)).toContain('continue in English');
    expect(saidIds(back.last)[1]).toStartWith('askName');
  });

  test('the read-back, the confirmation and its text message are in Spanish', () => {
    const r = run(spanishOnly, [
      start,
      es('necesito reparar la calefacción', nlu('booking', { service: 'Heating Repair' })),
      es('me llamo Ana Torres', nlu('unknown', { name: 'Ana Torres' })),
      es('el jueves a las tres y media', nlu('booking', { time: at('2026-12-03T15:30:00-06:00') })),
      { type: 'availabilityResult', free: true, alternatives: [] },
    ]);
    expect(saidText(r.last)).toBe('¿Cuál es la dirección donde quiere que vaya el técnico?');
    const a = run(spanishOnly, [es('en la calle Roble 12')], r.state);
    expect(saidText(a.last)).toContain('el jueves 3 de diciembre a las tres y media de la tarde');
    expect(saidText(a.last)).toContain('en Calle Roble 12');
    expect(saidText(a.last)).not.toMatch(/\b(at|the)\b/);
    const booked = run(spanishOnly, [yes, { type: 'bookingResult', ok: true, bookingId: 'b1' }], a.state);
    expect(find(booked.all, 'notifyCaller')?.body).toContain('quedó reservada para el jueves 3 de diciembre');
    expect(saidText(booked.last)).toContain('¡Listo!');
  });
});

describe('the language of an utterance', () => {
  const state = initialState(bilingual);
  test('clear Spanish switches, one word or a name does not', () => {
    expect(languageForUtterance(state, 'quiero una cita para mañana por la tarde')).toBe('es');
    expect(languageForUtterance(state, 'sí')).toBe('en');
    expect(languageForUtterance(state, 'José Pérez')).toBe('en');
  });

  test("the recognizer's language tag counts when the words do not disagree", () => {
    expect(languageForUtterance(state, 'Carlos Ruiz Medina aquí', 'es')).toBe('es');
    expect(languageForUtterance(state, 'I need an appointment tomorrow', 'es')).toBe('en');
  });

  test('an English-only org never switches', () => {
    expect(languageForUtterance(initialState(context('hvac')), 'quiero una cita en español')).toBe('en');
  });
});

describe('the turn filler', () => {
  test('"One moment" follows the call into Spanish', () => {
    let state = run(bilingual, [start]).state;
    const filler = liveFixedPhrase(() => state, 'oneMoment');
    expect(filler.text).toBe('One moment.');
    state = run(bilingual, [{ type: 'dtmf', digit: '2' }], state).state;
    expect(filler).toEqual({ id: 'es:oneMoment', text: 'Un momento.' });
  });
});
