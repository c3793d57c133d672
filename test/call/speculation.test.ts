// Speculative understanding: a stable interim is classified ahead of the final; the result is
// reused when the final says the same thing and thrown away when it doesn't.
import { describe, expect, test } from 'bun:test';
import { createSpeculator } from '../../src/call/speculation.ts';
import { createLocalNlu } from '../../src/nlu/local.ts';
import type { Nlu, NluContext } from '../../src/nlu/types.ts';

const ctx: NluContext = {
  expecting: 'name',
  now: Date.parse('2026-11-23T16:00:00Z'),
  timezone: 'America/Chicago',
  services: [{ name: 'Heating Repair', keywords: ['furnace', 'heat'] }],
};

/** The real local NLU, counting what it is asked. */
function countingNlu(): Nlu & { asked: string[] } {
  const local = createLocalNlu();
  const asked: string[] = [];
  return {
    name: 'counting-local',
    asked,
    classify(text, c, signal) {
      asked.push(text);
      return local.classify(text, c, signal);
    },
  };
}

const STABLE_MS = 5;
const settle = () => Bun.sleep(STABLE_MS * 6);

describe('speculation', () => {
  test('a final that agrees with the stable interim reuses its result without classifying again', async () => {
    const nlu = countingNlu();
    const spec = createSpeculator({ nlu, stableMs: STABLE_MS, now: () => performance.now() });
    spec.interim('my name is ann baker', ctx);
    await settle();
    expect(nlu.asked).toEqual(['my name is ann baker']);
    // Punctuation and case differ; the words are the same.
    const hit = spec.take('My name is Ann Baker.');
    expect(hit).not.toBeNull();
    expect((await hit!.result).slots.name).toBe('Ann Baker');
    expect(nlu.asked).toHaveLength(1);
    expect(spec.stats).toEqual({ started: 1, hits: 1, misses: 0 });
  });

  test('a final that differs discards the speculation', async () => {
    const nlu = countingNlu();
    const spec = createSpeculator({ nlu, stableMs: STABLE_MS, now: () => performance.now() });
    spec.interim('my name is ann', ctx);
    await settle();
    expect(spec.take('my name is ann baker')).toBeNull();
    expect(spec.stats).toEqual({ started: 1, hits: 0, misses: 1 });
    // Nothing is carried over to the next turn.
    expect(spec.take('my name is ann')).toBeNull();
  });

  test('an interim that keeps changing is not classified until it holds still', async () => {
    const nlu = countingNlu();
    const spec = createSpeculator({ nlu, stableMs: STABLE_MS, now: () => performance.now() });
    spec.interim('my', ctx);
    spec.interim('my name', ctx);
    spec.interim('my name is', ctx);
    expect(nlu.asked).toEqual([]);
    await settle();
    expect(nlu.asked).toEqual(['my name is']);
  });

  test('a confident, complete answer is available before the final (adaptive turn end)', async () => {
    const nlu = countingNlu();
    const spec = createSpeculator({ nlu, stableMs: STABLE_MS, now: () => performance.now() });
    spec.interim('yes that works', { ...ctx, expecting: 'confirm' });
    await settle();
    expect(spec.confidentFor('confirm')).not.toBeNull();
    // A half-answer is not enough to act on.
    spec.interim('thursday', { ...ctx, expecting: 'time' });
    await settle();
    expect(spec.confidentFor('time')).toBeNull();
  });
});
