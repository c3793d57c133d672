// Injectable time source. Wall-clock reads for business logic ("now" for "tomorrow at 3") go
// through a Clock so calls and scenarios can run at a chosen instant.

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock pinned to a chosen instant that advances with real time from there. */
export function offsetClock(startAt: number, base: Clock = systemClock): Clock {
  const delta = startAt - base.now();
  return { now: () => base.now() + delta };
}

/** A clock that only moves when told to (unit tests). */
export function manualClock(startAt: number): Clock & { advance(ms: number): void; set(ms: number): void } {
  let t = startAt;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}
