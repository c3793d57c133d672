// The intake questions an operator may save: Spanish wording per question and per option.
import { describe, expect, test } from 'bun:test';
import { IntakeQuestions } from '../../src/api/intake-schema.ts';
import { getTemplate, VERTICALS } from '../../src/templates/index.ts';

const gate = {
  id: 'gateCode',
  ask: 'Is there a gate code?',
  askAgain: 'Sorry, what is the gate code?',
  kind: 'text',
  required: false,
};

describe('intake questions in Spanish', () => {
  test('a question may carry its Spanish ask, ask-again and read-back', () => {
    const es = {
      ask: '¿Hay código de acceso?',
      askAgain: 'Perdone, ¿cuál es el código?',
      readBack: 'código {answer}',
    };
    expect(IntakeQuestions.safeParse([{ ...gate, es }]).success).toBe(true);
  });

  test('a choice option may carry its Spanish label and keywords', () => {
    const q = {
      ...gate,
      kind: 'choice',
      options: [
        { value: 'new', es: { label: 'nuevo', keywords: ['primera vez'] } },
        { value: 'returning', es: { label: 'habitual' } },
      ],
    };
    expect(IntakeQuestions.safeParse([q]).success).toBe(true);
  });

  test('Spanish wording is whole: no ask without its ask-again, no unknown keys, no blank text', () => {
    expect(IntakeQuestions.safeParse([{ ...gate, es: { ask: '¿Código?' } }]).success).toBe(false);
    expect(IntakeQuestions.safeParse([{ ...gate, es: { ask: 'a', askAgain: 'b', extra: 1 } }]).success).toBe(false);
    expect(IntakeQuestions.safeParse([{ ...gate, es: { ask: ' ', askAgain: 'b' } }]).success).toBe(false);
  });

  test('every template question has Spanish wording, and the templates validate', () => {
    for (const v of VERTICALS) {
      const intake = getTemplate(v).defaults.intake ?? [];
      expect(IntakeQuestions.safeParse(intake).success).toBe(true);
      for (const q of intake) expect(q.es?.ask).toBeTruthy();
    }
  });
});
