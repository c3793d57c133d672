// Service keywords of every template: no keyword points at two services, and the words callers
// use for one job do not pull the call to another ("my AC stopped blowing cold air" is not heating).
import { describe, expect, test } from 'bun:test';
import { matchService, normalize } from '../../src/nlu/local.ts';
import { getTemplate, VERTICALS } from '../../src/templates/index.ts';

const phraseIn = (outer: string, inner: string) => ` ${outer} `.includes(` ${inner} `);

describe.each([...VERTICALS])('%s service keywords', (v) => {
  const services = getTemplate(v).defaults.services;

  test('each keyword alone names its own service', () => {
    for (const s of services)
      for (const k of [s.name, ...s.keywords]) expect([k, matchService(normalize(k), services)]).toEqual([k, s.name]);
  });

  test('no keyword of one service is, or is part of, a keyword of another', () => {
    const clashes: string[] = [];
    for (const a of services) {
      for (const b of services) {
        if (a === b) continue;
        for (const ka of [a.name, ...a.keywords].map(normalize)) {
          for (const kb of [b.name, ...b.keywords].map(normalize))
            if (phraseIn(kb, ka)) clashes.push(`${a.name} "${ka}" in ${b.name} "${kb}"`);
        }
      }
    }
    expect(clashes).toEqual([]);
  });
});

/** What callers say, with the job they mean: symptom words must not outvote the equipment named. */
const SAID: Record<string, Array<[string, string]>> = {
  hvac: [
    ['my ac stopped blowing cold air', 'AC Repair'],
    ['the air conditioner is not blowing cold air anymore', 'AC Repair'],
    ['my furnace is blowing cold air', 'Heating Repair'],
    ['the heat pump is blowing cold air', 'Heating Repair'],
    ['i need a tune up before winter', 'Maintenance'],
  ],
  automotive: [
    ['my tire pressure light is on', 'Tire Rotation'],
    ['my brakes are squeaking', 'Brake Service'],
    ['the check engine light came on', 'Diagnostics'],
    ['i need an oil change', 'Oil Change'],
  ],
  dental: [
    ['my tooth hurts', 'Emergency Visit'],
    ['i need a cleaning', 'Cleaning'],
    ['i think i have a cavity', 'Filling'],
  ],
  salon: [
    ['i want to cover my gray roots', 'Color'],
    ['just a trim please', 'Haircut'],
    ['a gel manicure', 'Manicure'],
  ],
};

describe.each([...VERTICALS])('%s: what callers say picks the job they mean', (v) => {
  test.each(SAID[v] ?? [])('"%s" → %s', (text, service) => {
    expect(matchService(normalize(text), getTemplate(v).defaults.services)).toBe(service);
  });
});
