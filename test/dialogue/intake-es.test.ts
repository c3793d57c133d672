// A call in Spanish hears the intake questions in Spanish, and its Spanish answers are understood.
import { describe, expect, test } from 'bun:test';
import type { DialogueEvent } from '../../src/dialogue/types.ts';
import type { IntakeQuestion, OrgSettings } from '../../src/templates/types.ts';
import { resolveSettings } from '../../src/templates/index.ts';
import { at, context, find, nlu, run, saidIds, saidText } from './reducer-helpers.ts';

const start: DialogueEvent = { type: 'callStarted' };
const free: DialogueEvent = { type: 'availabilityResult', free: true, alternatives: [] };
const es = (text: string, n = nlu('unknown')): DialogueEvent => ({ type: 'utterance', text, nlu: n, language: 'es' });
const en = (text: string, n = nlu('unknown')): DialogueEvent => ({ type: 'utterance', text, nlu: n, language: 'en' });
const si = es('sí', nlu('unknown', { yesNo: 'yes' }));

type V = 'hvac' | 'automotive' | 'dental' | 'salon';

function upToFree(vertical: V, settings: Partial<OrgSettings> = {}, langs: Array<'en' | 'es'> = ['es']) {
  const base = resolveSettings(vertical, {});
  const ctx = { ...context(vertical), settings: { ...base, languages: langs, ...settings } };
  const service = base.services[0]!.name;
  const say = langs[0] === 'es' ? es : en;
  const r = run(ctx, [
    start,
    say('necesito una cita', nlu('booking', { service })),
    say('Ana Torres', nlu('unknown', { name: 'Ana Torres' })),
    say('el jueves a la una', nlu('booking', { time: at('2026-11-26T13:00:00-06:00', true) })),
  ]);
  const vehicle =
    r.state.expecting === 'vehicle' ? [say('un Jeep 2016', nlu('unknown', { vehicle: '2016 Jeep' }))] : [];
  return { ctx, ...run(ctx, [...vehicle, free], r.state) };
}

describe('HVAC in Spanish: the service address', () => {
  test('asked in Spanish, answered in Spanish word order, read back in Spanish, stored', () => {
    const r = upToFree('hvac');
    expect(r.state.phase).toBe('intake');
    expect(saidText(r.last)).toBe('¿Cuál es la dirección donde quiere que vaya el técnico?');
    expect(saidIds(r.last)).toEqual(['es:intake.address']);
    const a = run(r.ctx, [es('es en la calle Roble 12')], r.state);
    expect(a.state.phase).toBe('confirm');
    expect(saidText(a.last)).toContain('en Calle Roble 12');
    expect(saidText(a.last)).not.toContain(' at ');
    const b = run(r.ctx, [si], a.state);
    expect(find(b.last, 'book')).toMatchObject({ address: 'Calle Roble 12', intake: { address: 'Calle Roble 12' } });
  });

  test('not understood: asked again in Spanish', () => {
    const r = upToFree('hvac');
    const a = run(r.ctx, [es('pues no sé bien')], r.state);
    expect(saidText(a.last)).toBe('Perdone, ¿cuál es la dirección, con el número de la casa?');
  });

  test('"no, es en el 4410 de North Lamar" is understood when asked, and "no, es calle Roble 14" corrects it', () => {
    const r = upToFree('hvac');
    const a = run(r.ctx, [es('en el 4410 de North Lamar')], r.state);
    expect(saidText(a.last)).toContain('en 4410 North Lamar');
    const c = run(r.ctx, [es('no, es calle Roble 14', nlu('unknown', { yesNo: 'no' }))], a.state);
    expect(c.state.phase).toBe('confirm');
    expect(saidText(c.last)).toContain('en Calle Roble 14');
  });

  test('switching to Spanish while the address is asked asks it again in Spanish', () => {
    const r = upToFree('hvac', {}, ['en', 'es']);
    expect(saidText(r.last)).toContain('technician');
    const s = run(r.ctx, [es('¿podemos hablar en español?', nlu('unknown', { language: 'es' }))], r.state);
    expect(saidText(s.last)).toContain('¿Cuál es la dirección donde quiere que vaya el técnico?');
  });
});

describe('automotive in Spanish: the mobile-service address', () => {
  test('asked in Spanish', () => {
    const r = upToFree('automotive', { flags: { ...resolveSettings('automotive', {}).flags, mobileService: true } });
    expect(saidText(r.last)).toContain('¿Dónde le encuentra el mecánico?');
    const a = run(r.ctx, [es('Avenida Central número 5')], r.state);
    expect(saidText(a.last)).toContain('en Avenida Central 5');
  });
});

describe('dental in Spanish: new or returning, date of birth', () => {
  test('a new patient is read back as "paciente nuevo"; the value stored stays the option value', () => {
    const r = upToFree('dental');
    expect(saidText(r.last)).toBe('¿Es su primera visita con nosotros, o ya es paciente?');
    const a = run(r.ctx, [es('es mi primera vez')], r.state);
    expect(a.state.phase).toBe('confirm');
    expect(saidText(a.last)).toContain('como paciente nuevo');
    expect(find(run(r.ctx, [si], a.state).last, 'book')?.intake).toEqual({ patientStatus: 'new' });
  });

  test('"soy paciente nuevo" is new, "no es mi primera vez" is returning', () => {
    const r = upToFree('dental');
    const n = run(r.ctx, [es('soy paciente nuevo')], r.state);
    expect(saidText(n.last)).toContain('como paciente nuevo');
    const a = run(r.ctx, [es('no es mi primera vez')], r.state);
    expect(saidText(a.last)).toContain('fecha de nacimiento');
  });

  test('a returning patient gives the date of birth in Spanish', () => {
    const r = upToFree('dental');
    const a = run(r.ctx, [es('no, ya soy paciente de ustedes')], r.state);
    expect(saidText(a.last)).toContain('fecha de nacimiento');
    const d = run(r.ctx, [es('el 3 de marzo de 1985')], a.state);
    expect(d.state.phase).toBe('confirm');
    expect(saidText(d.last)).toContain('como paciente habitual');
    const b = find(run(r.ctx, [si], d.state).last, 'book');
    expect(b?.intake).toEqual({ patientStatus: 'returning', dateOfBirth: '1985-03-03' });
  });

  test('"prefiero no decirlo" passes on the date of birth', () => {
    const r = upToFree('dental');
    const a = run(r.ctx, [es('ya he venido antes'), es('prefiero no decirlo')], r.state);
    expect(a.state.phase).toBe('confirm');
    expect(find(run(r.ctx, [si], a.state).last, 'book')?.intake).toEqual({ patientStatus: 'returning' });
  });
});

describe('salon in Spanish: the stylist', () => {
  test('"cualquiera" is no preference', () => {
    const r = upToFree('salon');
    expect(saidText(r.last)).toBe('¿Tiene algún estilista de preferencia, o le da igual?');
    const a = run(r.ctx, [es('cualquiera')], r.state);
    expect(a.state.phase).toBe('confirm');
    expect(find(run(r.ctx, [si], a.state).last, 'book')?.intake).toBeUndefined();
  });

  test('a name is the stylist, read back "con Marco"', () => {
    const r = upToFree('salon');
    const a = run(r.ctx, [es('con Marco, por favor')], r.state);
    expect(saidText(a.last)).toContain('con Marco');
  });
});

describe('a yes-or-no question in Spanish', () => {
  const pets: IntakeQuestion = {
    id: 'pets',
    ask: 'Any pets in the home?',
    askAgain: 'Sorry, any pets at home, yes or no?',
    kind: 'yesNo',
    required: true,
    es: { ask: '¿Hay mascotas en la casa?', askAgain: 'Perdone, ¿hay mascotas, sí o no?' },
  };

  test('"claro" and "no" are understood from the words alone (as when the model gave no reading)', () => {
    const r = upToFree('hvac', { intake: [pets] });
    expect(saidText(r.last)).toBe('¿Hay mascotas en la casa?');
    for (const [said, value] of [
      ['claro, un perro', 'yes'],
      ['sí', 'yes'],
      ['no, ninguna', 'no'],
    ] as const) {
      const a = run(r.ctx, [es(said), si], r.state);
      expect(find(a.last, 'book')?.intake).toEqual({ pets: value });
    }
  });
});

describe('an operator question without Spanish wording, on a Spanish call', () => {
  const gate: IntakeQuestion = {
    id: 'gateCode',
    ask: 'Is there a gate code we need?',
    askAgain: 'Sorry, is there a gate code?',
    kind: 'text',
    required: false,
  };
  const where: IntakeQuestion = {
    id: 'site',
    ask: 'Where is the job site?',
    askAgain: 'Sorry, the job site address?',
    kind: 'address',
    required: true,
    readBack: 'at {answer}',
  };

  test('an address is asked with the generic Spanish wording and read back in Spanish', () => {
    const r = upToFree('hvac', { intake: [where] });
    expect(saidText(r.last)).toBe('¿Cuál es la dirección, con el número de la casa?');
    const a = run(r.ctx, [es('calle Roble 12')], r.state);
    expect(saidText(a.last)).toContain('en Calle Roble 12');
  });

  test('a question whose words only exist in English is not asked in English: it is passed over', () => {
    const r = upToFree('hvac', { intake: [gate] });
    expect(r.state.phase).toBe('confirm');
    expect(saidText(r.last)).not.toContain('gate');
  });

  test('switching to Spanish while it is open passes it over and goes on in Spanish', () => {
    const intake = [gate, ...resolveSettings('hvac', {}).intake!];
    const r = upToFree('hvac', { intake }, ['en', 'es']);
    expect(saidText(r.last)).toBe('Is there a gate code we need?');
    const s = run(r.ctx, [es('¿podemos hablar en español?', nlu('unknown', { language: 'es' }))], r.state);
    expect(saidText(s.last)).toBe(
      'Muy bien, seguimos en español. ¿Cuál es la dirección donde quiere que vaya el técnico?',
    );
  });

  test('the same question is still asked on an English call', () => {
    const r = upToFree('hvac', { intake: [gate] }, ['en']);
    expect(saidText(r.last)).toBe('Is there a gate code we need?');
  });
});
