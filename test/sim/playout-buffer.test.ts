// The simulated carrier's playout buffer on a shared tick: the same gaps, marks and timing as with
// a timer of its own, and it leaves the tick once nothing is queued.
import { describe, expect, test } from 'bun:test';
import { PlayoutBuffer, type TickDriver } from '../../src/sim/playout-buffer.ts';

function manualTick() {
  let t = 0;
  const subs = new Set<(now: number) => void>();
  const driver: TickDriver = { add: (fn) => subs.add(fn), delete: (fn) => subs.delete(fn) };
  return {
    driver,
    subs,
    now: () => t,
    at(ms: number) {
      t = ms;
    },
    tick(ms: number) {
      t = ms;
      for (const fn of [...subs]) fn(t);
    },
  };
}

describe('playout buffer on a shared tick', () => {
  test('plays in real time, echoes a mark when its audio has played, then leaves the tick', () => {
    const clock = manualTick();
    const echoed: Array<[string, number]> = [];
    const buf = new PlayoutBuffer((name) => echoed.push([name, clock.now()]), 1, clock.now, clock.driver);
    buf.audio(new Uint8Array(320)); // 40 ms
    buf.mark('s1');
    expect(clock.subs.size).toBe(1);
    clock.tick(20);
    expect(echoed).toEqual([]);
    clock.tick(40);
    expect(echoed).toEqual([['s1', 40]]);
    expect(buf.stats.bytesPlayed).toBe(320);
    expect(clock.subs.size).toBe(0);
    expect(buf.stats.gaps).toBe(0);
  });

  test('audio that ran out between two ticks is a gap timed from when it ran out', () => {
    const clock = manualTick();
    const buf = new PlayoutBuffer(() => undefined, 1, clock.now, clock.driver);
    buf.audio(new Uint8Array(160)); // 20 ms, runs out at t=20
    clock.tick(10);
    // The next audio comes at t=25, before the next tick (t=30) has noticed the buffer ran dry.
    clock.at(25);
    buf.audio(new Uint8Array(160));
    expect(buf.stats.gaps).toBe(1);
    expect(buf.stats.gapMs).toBeCloseTo(5, 5);
  });

  test('audio that arrives before the buffer runs dry is no gap', () => {
    const clock = manualTick();
    const buf = new PlayoutBuffer(() => undefined, 1, clock.now, clock.driver);
    buf.audio(new Uint8Array(320));
    clock.tick(20);
    clock.at(35);
    buf.audio(new Uint8Array(160));
    clock.tick(40);
    clock.tick(60);
    expect(buf.stats.gaps).toBe(0);
    expect(buf.stats.bytesPlayed).toBe(480);
  });

  test('dispose leaves the tick', () => {
    const clock = manualTick();
    const buf = new PlayoutBuffer(() => undefined, 1, clock.now, clock.driver);
    buf.audio(new Uint8Array(1600));
    buf.dispose();
    expect(clock.subs.size).toBe(0);
  });
});
