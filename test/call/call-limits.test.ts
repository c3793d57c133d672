// Bounds come from the environment; an org narrows silence handling and may shorten, never
// lengthen, the call limit.
import { describe, expect, test } from 'bun:test';
import { resolveCallLimits } from '../../src/call/call-limits.ts';
import { loadConfig } from '../../src/config.ts';
import { SettingsPatch } from '../../src/api/settings-schema.ts';

const env = loadConfig({}).env;

describe('resolveCallLimits', () => {
  test('defaults: prompt after 8 s, one prompt, 30 minutes, 200 turns', () => {
    expect(resolveCallLimits(env, {})).toEqual({
      silencePromptAfterMs: 8000,
      silenceMaxPrompts: 1,
      maxCallMs: 1_800_000,
      maxTurns: 200,
      dtmfWindowMs: 400,
      dtmfMaxDigits: 20,
    });
  });

  test('an org sets its silence handling and a shorter limit', () => {
    const l = resolveCallLimits(env, { silence: { promptAfterSeconds: 5, maxPrompts: 2 }, maxCallSeconds: 600 });
    expect(l.silencePromptAfterMs).toBe(5000);
    expect(l.silenceMaxPrompts).toBe(2);
    expect(l.maxCallMs).toBe(600_000);
  });

  test('an org cannot lengthen the platform limit', () => {
    expect(resolveCallLimits(env, { maxCallSeconds: 14_400 }).maxCallMs).toBe(1_800_000);
  });

  test('unreadable stored values fall back to the defaults', () => {
    const l = resolveCallLimits(env, { silence: { promptAfterSeconds: 'soon' }, maxCallSeconds: -1 });
    expect(l.silencePromptAfterMs).toBe(8000);
    expect(l.maxCallMs).toBe(1_800_000);
  });

  test('environment overrides', () => {
    const e = loadConfig({ MAX_CALL_SECONDS: '0', MAX_TURNS_PER_CALL: '50', SILENCE_PROMPT_AFTER_SECONDS: '10' }).env;
    const l = resolveCallLimits(e, { maxCallSeconds: 900 });
    expect(l.maxCallMs).toBe(900_000);
    expect(l.maxTurns).toBe(50);
    expect(l.silencePromptAfterMs).toBe(10_000);
  });
});

describe('the settings an operator may set', () => {
  test('silence handling and a call limit are accepted, out-of-range values refused', () => {
    expect(SettingsPatch.parse({ silence: { promptAfterSeconds: 6, maxPrompts: 2 }, maxCallSeconds: 900 })).toEqual({
      silence: { promptAfterSeconds: 6, maxPrompts: 2 },
      maxCallSeconds: 900,
    });
    expect(SettingsPatch.safeParse({ silence: { promptAfterSeconds: 0.5 } }).success).toBe(false);
    expect(SettingsPatch.safeParse({ silence: { maxPrompts: 10 } }).success).toBe(false);
    expect(SettingsPatch.safeParse({ maxCallSeconds: 10 }).success).toBe(false);
  });
});
