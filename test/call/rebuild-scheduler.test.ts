// Phrase rebuilds per organization: one start per interval, edits in between folded into one.
import { describe, expect, test } from 'bun:test';
import { createRebuildScheduler } from '../../src/call/rebuild-scheduler.ts';
import { manualTimers } from '../helpers/manual-timers.ts';

function scheduler(minIntervalMs = 60_000) {
  const timers = manualTimers();
  const runs: Array<{ orgId: string; at: number; done: () => void }> = [];
  const s = createRebuildScheduler({
    minIntervalMs,
    timers,
    run: (orgId) => new Promise<void>((resolve) => runs.push({ orgId, at: timers.now(), done: resolve })),
  });
  // Lets a finished run's bookkeeping (a promise continuation) happen.
  const settle = () => new Promise<void>((r) => setImmediate(r));
  return { s, timers, runs, settle };
}

describe('createRebuildScheduler', () => {
  test('ten requests in a minute start two runs: one now, one when the minute is up', async () => {
    const { s, timers, runs, settle } = scheduler();
    expect(s.request('a')).toEqual({ startedNow: true, nextRunInMs: null });
    runs[0]!.done();
    await settle();
    for (let i = 0; i < 9; i++) {
      timers.advance(5000);
      const r = s.request('a');
      expect(r.startedNow).toBe(false);
      expect(r.nextRunInMs).toBe(60_000 - 5000 * (i + 1));
    }
    expect(runs).toHaveLength(1);
    timers.advance(60_000 - 45_000);
    expect(runs.map((r) => r.at)).toEqual([0, 60_000]);
    runs[1]!.done();
    await settle();
    timers.advance(10 * 60_000);
    expect(runs).toHaveLength(2);
  });

  test('requests while a run is going fold into one run after it, no sooner than the interval', async () => {
    const { s, timers, runs, settle } = scheduler();
    s.request('a');
    s.request('a');
    s.request('a');
    timers.advance(90_000); // a slow run
    expect(runs).toHaveLength(1);
    runs[0]!.done();
    await settle();
    timers.advance(0);
    expect(runs).toHaveLength(2);
    expect(runs[1]!.at).toBe(90_000);
  });

  test('organizations are limited separately', () => {
    const { s, runs } = scheduler();
    expect(s.request('a').startedNow).toBe(true);
    expect(s.request('b').startedNow).toBe(true);
    expect(runs.map((r) => r.orgId)).toEqual(['a', 'b']);
  });

  test('after the interval a request starts at once', async () => {
    const { s, timers, runs, settle } = scheduler();
    s.request('a');
    runs[0]!.done();
    await settle();
    timers.advance(61_000);
    expect(s.request('a').startedNow).toBe(true);
  });

  test('stop() cancels waiting runs', async () => {
    const { s, timers, runs, settle } = scheduler();
    s.request('a');
    runs[0]!.done();
    await settle();
    s.request('a');
    s.stop();
    timers.advance(120_000);
    expect(runs).toHaveLength(1);
  });
});

describe('rebuild scheduler memory', () => {
  test("an organization's record is dropped once its interval has passed with nothing waiting", async () => {
    const { s, timers, runs, settle } = scheduler();
    for (let i = 0; i < 50; i++) s.request(`org-${i}`);
    expect(s.size()).toBe(50);
    for (const r of runs) r.done();
    await settle();
    // Within the interval the record still limits the org.
    expect(s.size()).toBe(50);
    expect(s.request('org-0').startedNow).toBe(false);
    timers.advance(60_000);
    // org-0's folded request ran at the minute; the rest have nothing waiting and are forgotten.
    expect(s.size()).toBe(1);
    runs.at(-1)!.done();
    await settle();
    timers.advance(60_000);
    expect(s.size()).toBe(0);
    // A forgotten org behaves as a new one: it starts at once.
    expect(s.request('org-1').startedNow).toBe(true);
  });
});
