// Spanish sentences in streamed text: ¿…? and ¡…! open and close sentences, "p. m." and "Dra."
// do not end them, and a sentence may start with ¿, ¡ or an accented capital.
import { describe, expect, test } from 'bun:test';
import { createSentenceSplitter } from '../../src/dialogue/sentence-splitter.ts';

/** All sentences of the text streamed in pieces of `step` characters. */
function split(text: string, step = 3): string[] {
  const s = createSentenceSplitter();
  const out: string[] = [];
  for (let i = 0; i < text.length; i += step) out.push(...s.push(text.slice(i, i + step)));
  return [...out, ...s.flush()];
}

describe('sentence splitter on Spanish text', () => {
  test('¿…? and ¡…! are whole sentences', () => {
    expect(split('¿Le parece bien el jueves? ¡Perfecto! Lo anoto.')).toEqual([
      '¿Le parece bien el jueves?',
      '¡Perfecto!',
      'Lo anoto.',
    ]);
  });

  test('an exclamation inside a sentence stays with it', () => {
    expect(split('Muy bien, ¡gracias por llamar! ¿Algo más?')).toEqual([
      'Muy bien, ¡gracias por llamar!',
      '¿Algo más?',
    ]);
  });

  test('"p. m." and "a. m." end a sentence only before a new one', () => {
    expect(split('Tengo las 3 p. m. del jueves. ¿Le sirve?')).toEqual(['Tengo las 3 p. m. del jueves.', '¿Le sirve?']);
    expect(split('Su cita es a las 3 p.m. ¿Algo más?')).toEqual(['Su cita es a las 3 p.m.', '¿Algo más?']);
    expect(split('Abrimos a las 9 a. m. El sábado también.')).toEqual(['Abrimos a las 9 a. m.', 'El sábado también.']);
  });

  test('Spanish abbreviations do not end sentences', () => {
    expect(split('La Dra. López le atiende. Ud. puede llegar antes.')).toEqual([
      'La Dra. López le atiende.',
      'Ud. puede llegar antes.',
    ]);
    expect(split('Estamos en la Av. Juárez núm. 12 del centro. ¿Le mando la dirección?')).toEqual([
      'Estamos en la Av. Juárez núm. 12 del centro.',
      '¿Le mando la dirección?',
    ]);
  });

  test('a sentence may start with an accented capital', () => {
    expect(split('Está reservado. Él le llamará mañana.')).toEqual(['Está reservado.', 'Él le llamará mañana.']);
    expect(split('Son las 3 p.m. Ángela le confirma.')).toEqual(['Son las 3 p.m.', 'Ángela le confirma.']);
  });

  test('prices and times with a decimal point stay whole', () => {
    expect(split('El cambio de aceite cuesta $49.99 y toma 30 min. ¿Lo agendo?')).toEqual([
      'El cambio de aceite cuesta $49.99 y toma 30 min.',
      '¿Lo agendo?',
    ]);
  });
});
