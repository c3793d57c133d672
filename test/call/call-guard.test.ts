// The call's watch on silence and length: prompts only after the assistant has finished and the
// caller has said nothing, never while the caller is mid-turn; a goodbye after the last prompt;
// the length limit on audio time and on wall time alike.
import { describe, expect, test } from 'bun:test';
import { CallGuard, type CallGuardOptions, type SilenceStep } from '../../src/call/call-guard.ts';
import { manualTimers } from '../helpers/manual-timers.ts';

function guard(over: Partial<CallGuardOptions> = {}) {
  const timers = manualTimers();
  const silences: Array<[SilenceStep, number]> = [];
  let ended = 0;
  let busy = false;
  const g = new CallGuard({
    silencePromptAfterMs: 8000,
    silenceMaxPrompts: 1,
    maxCallMs: 1_800_000,
    timers,
    callerBusy: () => busy,
    onSilence: (step, n) => silences.push([step, n]),
    onMaxDuration: () => ended++,
    ...over,
  });
  return { g, timers, silences, ended: () => ended, setBusy: (b: boolean) => (busy = b) };
}

describe('silence', () => {
  test('nothing is counted while the assistant holds the turn', () => {
    const { g, silences } = guard();
    g.busy();
    g.audio(60_000);
    expect(silences).toEqual([]);
  });

  test('a prompt after the quiet window, then a goodbye after the next', () => {
    const { g, silences } = guard();
    g.audio(2000);
    g.listening();
    g.audio(9999);
    expect(silences).toEqual([]);
    g.audio(10_000);
    expect(silences).toEqual([['prompt', 1]]);
    g.busy(); // the prompt plays
    g.audio(12_000);
    g.listening();
    g.audio(20_000);
    expect(silences).toEqual([
      ['prompt', 1],
      ['goodbye', 2],
    ]);
    g.listening();
    g.audio(60_000);
    expect(silences).toHaveLength(2);
  });

  test('a stream that sends no audio is still prompted, by the wall clock', () => {
    const { g, timers, silences } = guard();
    g.listening();
    timers.advance(7000);
    expect(silences).toEqual([]);
    timers.advance(2000);
    expect(silences).toEqual([['prompt', 1]]);
  });

  test('a caller who is speaking (or whose words are pending) is never prompted', () => {
    const { g, silences, setBusy } = guard();
    g.listening();
    setBusy(true);
    for (let ms = 0; ms <= 60_000; ms += 20) g.audio(ms);
    expect(silences).toEqual([]);
    setBusy(false);
    g.audio(60_000 + 7000);
    expect(silences).toEqual([]);
    g.audio(60_000 + 8000);
    expect(silences).toEqual([['prompt', 1]]);
  });

  test('caller activity restarts the count and the prompts', () => {
    const { g, silences } = guard({ silenceMaxPrompts: 1 });
    g.listening();
    g.audio(8000);
    expect(silences).toEqual([['prompt', 1]]);
    g.listening();
    g.audio(12_000);
    g.callerActive();
    g.audio(19_000);
    expect(silences).toHaveLength(1);
    g.audio(20_000);
    expect(silences).toEqual([
      ['prompt', 1],
      ['prompt', 1],
    ]);
  });

  test('no prompts allowed: the first silence is the goodbye', () => {
    const { g, silences } = guard({ silenceMaxPrompts: 0 });
    g.listening();
    g.audio(8000);
    expect(silences).toEqual([['goodbye', 1]]);
  });

  test('a zero window turns silence handling off', () => {
    const { g, silences } = guard({ silencePromptAfterMs: 0 });
    g.listening();
    g.audio(600_000);
    expect(silences).toEqual([]);
  });
});

describe('call length', () => {
  test('ends once, at the limit of audio time', () => {
    const { g, ended, silences } = guard({ maxCallMs: 30_000, silencePromptAfterMs: 0 });
    g.audio(29_980);
    expect(ended()).toBe(0);
    g.audio(30_000);
    g.audio(31_000);
    expect(ended()).toBe(1);
    expect(silences).toEqual([]);
  });

  test('ends at the limit of wall time when no audio arrives', () => {
    const { g, timers, ended } = guard({ maxCallMs: 30_000 });
    g.busy();
    timers.advance(29_000);
    expect(ended()).toBe(0);
    timers.advance(1000);
    expect(ended()).toBe(1);
  });

  test('stop() ends the wall tick', () => {
    const { g, timers, ended } = guard({ maxCallMs: 30_000 });
    g.stop();
    expect(timers.pending()).toBe(0);
    timers.advance(60_000);
    expect(ended()).toBe(0);
  });
});
