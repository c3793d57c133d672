import { describe, expect, test } from 'bun:test';
import { redactForStorage, transcriptRedactor } from '../../src/privacy/hipaa.ts';
import { getTemplate, resolveSettings } from '../../src/templates/index.ts';

const said = {
  transcript: 'Caller: my tooth hurts since Monday\nAssistant: sorry to hear that',
  callerText: 'my tooth hurts since Monday',
  assistantText: 'sorry to hear that',
  details: { reason: 'toothache', stylist: 'Ana' },
};

describe('HIPAA storage', () => {
  test('in HIPAA mode no transcript, turn text or free-text details are stored', () => {
    const dental = resolveSettings('dental', {});
    expect(dental.flags.hipaaMode).toBe(true);
    expect(redactForStorage(dental, said)).toEqual({ transcript: null, callerText: null, assistantText: null, details: null });
    expect(transcriptRedactor(dental)(said.transcript)).toBeNull();
  });

  test('outside HIPAA mode everything is stored as said', () => {
    const hvac = getTemplate('hvac').defaults;
    expect(redactForStorage(hvac, said)).toEqual(said);
    expect(transcriptRedactor(hvac)('hello')).toBe('hello');
  });

  test('an operator can switch HIPAA mode on for any vertical', () => {
    const salon = resolveSettings('salon', { flags: { hipaaMode: true } });
    expect(redactForStorage(salon, said).transcript).toBeNull();
  });
});
