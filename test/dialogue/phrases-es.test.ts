import { describe, expect, test } from 'bun:test';
import { PHRASES } from '../../src/dialogue/phrases.ts';
import {
  PHRASES_ES,
  describeHoursEs,
  dynamicPhraseEs,
  fixedPhrasesEs,
  inquiryAnswersEs,
  phraseEs,
  serviceNameEs,
} from '../../src/dialogue/phrases-es.ts';
import { inquiryAnswers } from '../../src/dialogue/inquiry.ts';
import { renderWhenEs } from '../../src/dialogue/render-time-es.ts';
import { resolveSettings, VERTICALS } from '../../src/templates/index.ts';
import { getSpanishTemplate } from '../../src/templates/es/index.ts';

describe('Spanish phrases', () => {
  test('every English phrase id has a Spanish phrase of the same kind, and no other ids', () => {
    expect(Object.keys(PHRASES_ES).sort()).toEqual(Object.keys(PHRASES).sort());
    // A template is a template in both; a fixed phrase may have one wording in Spanish where the
    // English varies its wordings.
    const kind = (p: unknown) => (typeof p === 'function' ? 'template' : 'fixed');
    for (const [id, p] of Object.entries(PHRASES))
      expect({ id, kind: kind(PHRASES_ES[id as keyof typeof PHRASES_ES]) }).toEqual({ id, kind: kind(p) });
  });

  test.each([...VERTICALS])(
    '%s: greeting, every fixed phrase and every answer in Spanish, no placeholder left',
    (v) => {
      const settings = resolveSettings(v, {});
      const list = fixedPhrasesEs(settings, v, 'Sonrisa Brillante');
      const ids = list.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(list[0]).toEqual({ id: 'greeting', text: expect.stringContaining('Sonrisa Brillante') });
      // The same answers as in English, so a cached phrase id means the same thing in both languages.
      expect(inquiryAnswersEs(settings).map((a) => a.id)).toEqual(inquiryAnswers(settings).map((a) => a.id));
      for (const p of list) {
        expect(p.text).not.toMatch(/[{}]/);
        expect(p.text).not.toMatch(/\b(the|and|from|free|is|we)\b/i);
      }
    },
  );

  test('the template data translates every service and FAQ entry of its vertical', () => {
    for (const v of VERTICALS) {
      const settings = resolveSettings(v, {});
      const es = getSpanishTemplate(v);
      expect(Object.keys(es.services).sort()).toEqual(settings.services.map((s) => s.name).sort());
      expect(Object.keys(es.faq).sort()).toEqual(settings.faq.map((f) => f.question).sort());
      expect(es.asrKeywords.length).toBeGreaterThan(0);
    }
  });

  test('an FAQ entry of the org with no Spanish answer is not answered in English', () => {
    const settings = resolveSettings('hvac', {
      faq: [{ question: 'Do you sell filters?', answer: 'Yes we do.', keywords: ['filters'] }],
    });
    expect(inquiryAnswersEs(settings).find((a) => a.id === 'faq:0')).toBeUndefined();
    expect(serviceNameEs('Heating Repair')).toBe('Reparación de calefacción');
    expect(serviceNameEs('Gutter Cleaning')).toBe('Gutter Cleaning');
  });

  test('hours read as a Spanish-speaking receptionist says them', () => {
    expect(describeHoursEs(resolveSettings('dental', {}))).toBe(
      'Abrimos de lunes a viernes, de ocho de la mañana a cinco de la tarde.',
    );
    expect(describeHoursEs(resolveSettings('salon', {}))).toBe(
      'Abrimos martes y miércoles, de diez de la mañana a siete de la tarde; ' +
        'jueves y viernes, de diez de la mañana a ocho de la noche; ' +
        'sábado, de nueve de la mañana a cinco de la tarde.',
    );
  });

  test('fixed and template phrases as say actions, with Spanish dates and service names', () => {
    expect(phraseEs('goodbye', 'Aire Polar')).toEqual({
      type: 'say',
      phraseId: 'goodbye',
      text: 'Gracias por llamar a Aire Polar. ¡Que tenga un buen día!',
    });
    const when = renderWhenEs('2026-12-03T21:30:00Z', 'America/Chicago');
    expect(
      dynamicPhraseEs('confirmBooking', { service: serviceNameEs('Cleaning'), extra: '', when, name: 'José Pérez' }),
    ).toEqual({
      type: 'say',
      phraseId: 'confirmBooking',
      text:
        'Tengo una cita de limpieza para el jueves 3 de diciembre a las tres y media de la tarde, ' +
        'a nombre de José Pérez. ¿Se la reservo?',
      dynamic: true,
    });
    expect(dynamicPhraseEs('booked', { service: 'Corte de pelo', when, sms: true }).text).toBe(
      '¡Listo! Su cita de corte de pelo quedó para el jueves 3 de diciembre a las tres y media de la tarde. ' +
        'Le enviaremos una confirmación por mensaje de texto.',
    );
  });
});
