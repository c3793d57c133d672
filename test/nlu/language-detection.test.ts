// Language detection from what the caller said: the Spanish corpus reads as Spanish, the English
// corpus as English, and names, one-word answers and loanwords do not switch a call.
import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { detectLanguage, isSpanish } from '../../src/nlu/language.ts';
import { CORPUS } from './corpus.ts';
import { CORPUS_ES } from './es/corpus-es.ts';
import { fcParams } from '../property/fc-config.ts';

const words = (t: string) => t.split(/\s+/).filter(Boolean).length;

describe('language detection', () => {
  test('Spanish callers of three words or more are recognized as Spanish', () => {
    const long = CORPUS_ES.filter((i) => words(i.text) >= 3 && !/english/i.test(i.text));
    const missed = long.filter((i) => !isSpanish(i.text)).map((i) => i.text);
    console.log(`Spanish detected: ${long.length - missed.length}/${long.length}`, missed.length ? missed : '');
    expect((long.length - missed.length) / long.length).toBeGreaterThanOrEqual(0.95);
  });

  test('English callers are never taken for Spanish', () => {
    const wrong = CORPUS.filter((i) => isSpanish(i.text)).map((i) => i.text);
    expect(wrong).toEqual([]);
    const long = CORPUS.filter((i) => words(i.text) >= 3);
    const english = long.filter((i) => detectLanguage(i.text).language === 'en');
    expect(english.length / long.length).toBeGreaterThanOrEqual(0.95);
  });

  test('sentences outside the corpora', () => {
    for (const t of [
      'buenas tardes, quería preguntar si trabajan los domingos',
      'mi esposo va a llevar la camioneta el jueves',
      'se me olvidó a qué hora era mi cita',
      'el técnico vino la semana pasada y sigue igual',
      '¿me puede repetir la dirección?',
      'ando buscando quien me arregle el clima',
    ]) {
      expect({ t, es: isSpanish(t) }).toEqual({ t, es: true });
    }
    for (const t of [
      'could you repeat the address please',
      'my wife will bring the truck in on thursday',
      'is Dr. Méndez in today',
    ]) {
      expect({ t, language: detectLanguage(t).language }).toEqual({ t, language: 'en' });
    }
  });

  test('a Spanish name in an English sentence is English', () => {
    expect(detectLanguage('my name is José Pérez').language).toBe('en');
    expect(isSpanish('yes this is María de la Cruz calling about my appointment')).toBe(false);
  });

  test('one word decides nothing on its own; two or three do', () => {
    expect(isSpanish('sí')).toBe(false);
    expect(detectLanguage('sí').language).toBe('es');
    expect(isSpanish('sí, claro')).toBe(true);
    expect(isSpanish('ok')).toBe(false);
    expect(detectLanguage('').language).toBeUndefined();
    expect(detectLanguage('😀 123').confidence).toBe(0);
  });

  test('Spanglish with Spanish function words is Spanish', () => {
    expect(isSpanish('necesito un oil change para mañana')).toBe(true);
    expect(isSpanish('el check engine está prendido')).toBe(true);
  });

  test('a caller asking for a language by name', () => {
    expect(detectLanguage('¿habla español?').requested).toBe('es');
    expect(detectLanguage('do you speak Spanish').requested).toBe('es');
    expect(detectLanguage('English please').requested).toBe('en');
    expect(detectLanguage('en inglés por favor').requested).toBe('en');
    expect(detectLanguage('quiero una cita').requested).toBeUndefined();
  });

  test('confidence grows with the evidence and stays within 0..1', () => {
    const a = detectLanguage('sí').confidence;
    const b = detectLanguage('sí claro').confidence;
    const c = detectLanguage('sí claro, quiero hacer una cita para el jueves').confidence;
    expect(a).toBeLessThan(b);
    expect(b).toBeLessThan(c);
    expect(c).toBeLessThanOrEqual(1);
  });

  test('never throws; the guess is well-formed for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (t) => {
        const g = detectLanguage(t);
        expect(g.confidence >= 0 && g.confidence <= 1).toBe(true);
        expect(g.language === undefined ? g.confidence === 0 : g.confidence > 0).toBe(true);
      }),
      fcParams(),
    );
  });
});
