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

/**
 * The real local NLU, counting what it is asked. `classified(n)` resolves once it has been asked
 * n times and every answer so far has settled (the speculator has seen them): the event the
 * speculator's stability timer leads to, so no test waits on the clock.
 */
function countingNlu(): Nlu & { asked: string[]; classified(n: number): Promise<void> } {
  const local = createLocalNlu();
  const asked: string[] = [];
  const answers: Array<Promise<unknown>> = [];
  const waiters: Array<() => void> = [];
  return {
    name: 'counting-local',
    asked,
    classify(text, c, signal) {
      asked.push(text);
      const answer = local.classify(text, c, signal);
      answers.push(answer);
      for (const w of waiters.splice(0)) w();
      return answer;
    },
    async classified(n) {
      while (asked.length < n) await new Promise<void>((r) => waiters.push(r));
      // Registered after the speculator's own callbacks, so it has settled its result by now.
      await Promise.allSettled(answers);
    },
  };
}

const STABLE_MS = 5;

describe('speculation', () => {
  test('a final that agrees with the stable interim reuses its result without classifying again', async () => {
    const nlu = countingNlu();
    const spec = createSpeculator({ nlu, stableMs: STABLE_MS, now: () => performance.now() });
    spec.interim('my name is ann baker', ctx);
    await nlu.classified(1);
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
    await nlu.classified(1);
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
    await nlu.classified(1);
    expect(nlu.asked).toEqual(['my name is']);
  });

  test('a confident, complete answer is available before the final (adaptive turn end)', async () => {
    const nlu = countingNlu();
    const spec = createSpeculator({ nlu, stableMs: STABLE_MS, now: () => performance.now() });
    spec.interim('yes that works', { ...ctx, expecting: 'confirm' });
    await nlu.classified(1);
    expect(spec.confidentFor(() => 'confirm')).not.toBeNull();
    // A half-answer is not enough to act on.
    spec.interim('thursday', { ...ctx, expecting: 'time' });
    await nlu.classified(2);
    expect(spec.confidentFor(() => 'time')).toBeNull();
  });
});

describe('early generated answers', () => {
  test('start only once the caller has gone quiet, not on words still coming', async () => {
    const nlu = countingNlu();
    const started: string[] = [];
    let quiet = false;
    const spec = createSpeculator({
      nlu,
      stableMs: STABLE_MS,
      now: () => performance.now(),
      callerQuiet: () => quiet,
      startAnswer: (text) => {
        started.push(text);
        return { question: text, adopt: () => null, drop: () => undefined };
      },
    });
    spec.interim('do you have', ctx);
    await nlu.classified(1);
    expect(started).toEqual([]);
    spec.interim('do you have parking', ctx);
    await nlu.classified(2);
    expect(started).toEqual([]);
    quiet = true;
    spec.quiet();
    spec.quiet();
    expect(started).toEqual(['do you have parking']);
    expect(spec.take('do you have parking')?.answer?.question).toBe('do you have parking');
  });
});
