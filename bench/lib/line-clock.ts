// One 20 ms tick for every simulated line in the process. A timer per caller (and per playout
// buffer) cost the harness more CPU than the server it measures at a few hundred calls; one
// timer walking a set of subscribers costs a function call each.
import type { TickDriver } from '../../src/sim/playout-buffer.ts';

export const TICK_MS = 20;

export class LineClock implements TickDriver {
  private readonly subs = new Set<(now: number) => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private next = 0;
  /** Ticks that fired more than one period late (the harness's own core was saturated). */
  lateTicks = 0;
  ticks = 0;

  add(fn: (now: number) => void): void {
    this.subs.add(fn);
    if (this.timer === null) {
      this.next = performance.now() + TICK_MS;
      this.schedule();
    }
  }

  delete(fn: (now: number) => void): void {
    this.subs.delete(fn);
    if (this.subs.size === 0 && this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  get size(): number {
    return this.subs.size;
  }

  private schedule(): void {
    this.timer = setTimeout(this.tick, Math.max(0, this.next - performance.now()));
  }

  private readonly tick = (): void => {
    const now = performance.now();
    this.ticks++;
    if (now - this.next > TICK_MS) this.lateTicks++;
    for (const fn of this.subs) fn(now);
    // Keep the cadence anchored: a late tick is followed by a sooner one, never drift.
    this.next += TICK_MS;
    if (this.next < now - 5 * TICK_MS) this.next = now;
    if (this.subs.size > 0) this.schedule();
    else this.timer = null;
  };
}

/** The process's shared clock. */
export const lineClock = new LineClock();
