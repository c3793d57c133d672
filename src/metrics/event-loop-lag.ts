// Event-loop lag from timer drift: ask for a wake-up in N ms and measure how late it came.
// One timer per interval, so the sampler itself costs next to nothing.

export interface LagTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LagSamplerOptions {
  intervalMs?: number;
  /** Injected for tests; defaults to performance.now and the global timers. */
  timers?: LagTimers;
}

const realTimers: LagTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A sampler must never keep the process alive on its own.
    (t as { unref?: () => void }).unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Calls `record(lagSeconds)` once per interval until the returned stop function runs. */
export function startLagSampler(record: (lagSeconds: number) => void, opts: LagSamplerOptions = {}): () => void {
  const interval = opts.intervalMs ?? 500;
  const timers = opts.timers ?? realTimers;
  let stopped = false;
  let handle: unknown = null;
  const arm = () => {
    const due = timers.now() + interval;
    handle = timers.setTimeout(() => {
      if (stopped) return;
      record(Math.max(0, timers.now() - due) / 1000);
      arm();
    }, interval);
  };
  arm();
  return () => {
    stopped = true;
    if (handle !== null) timers.clearTimeout(handle);
  };
}
