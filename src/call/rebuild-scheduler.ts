// Rate-limits phrase rebuilds per organization: at most one start per interval. A request while
// a rebuild runs, or too soon after one started, is folded into a single later run — ten edits
// in a minute cost two rebuilds, not ten.
import type { CallTimers } from './call-timers.ts';

export interface RebuildRequest {
  /** A rebuild began now. */
  startedNow: boolean;
  /** When the next (coalesced) rebuild will begin, in ms; null when none is waiting. */
  nextRunInMs: number | null;
}

export interface RebuildScheduler {
  request(orgId: string): RebuildRequest;
  stop(): void;
  /** Organizations with a record (a run going, waiting, or within its interval). */
  size(): number;
}

interface OrgState {
  lastStart: number | null;
  running: boolean;
  pending: boolean;
  timer: unknown;
  dueAt: number | null;
  /** Forgets the org once its interval is over with nothing waiting. */
  expiry: unknown;
}

export function createRebuildScheduler(opts: {
  minIntervalMs: number;
  timers: CallTimers;
  run(orgId: string): Promise<void>;
  onError?(orgId: string, error: unknown): void;
}): RebuildScheduler {
  const orgs = new Map<string, OrgState>();
  let stopped = false;
  const { timers } = opts;

  const start = (orgId: string, s: OrgState) => {
    s.running = true;
    s.pending = false;
    s.lastStart = timers.now();
    opts
      .run(orgId)
      .catch((e) => opts.onError?.(orgId, e))
      .finally(() => {
        s.running = false;
        // The record holds when the last run began until the interval is over; after that the
        // org behaves as one never seen, so the record goes (one per org ever edited otherwise).
        if (s.pending) schedule(orgId, s);
        else if (!stopped) forgetLater(orgId, s);
      });
  };

  const forgetLater = (orgId: string, s: OrgState) => {
    const wait = Math.max(0, (s.lastStart ?? 0) + opts.minIntervalMs - timers.now());
    s.expiry = timers.setTimeout(() => {
      s.expiry = null;
      if (!s.running && !s.pending && s.timer === null && orgs.get(orgId) === s) orgs.delete(orgId);
    }, wait);
  };

  const schedule = (orgId: string, s: OrgState): number => {
    const wait = s.lastStart === null ? 0 : Math.max(0, s.lastStart + opts.minIntervalMs - timers.now());
    if (stopped) return wait;
    s.pending = true;
    s.dueAt = timers.now() + wait;
    s.timer = timers.setTimeout(() => {
      s.timer = null;
      s.dueAt = null;
      if (!stopped && !s.running) start(orgId, s);
    }, wait);
    return wait;
  };

  return {
    request(orgId) {
      let s = orgs.get(orgId);
      if (!s) {
        s = { lastStart: null, running: false, pending: false, timer: null, dueAt: null, expiry: null };
        orgs.set(orgId, s);
      }
      if (s.expiry !== null) {
        timers.clearTimeout(s.expiry);
        s.expiry = null;
      }
      if (stopped) return { startedNow: false, nextRunInMs: null };
      const now = timers.now();
      if (s.timer !== null) return { startedNow: false, nextRunInMs: Math.max(0, (s.dueAt ?? now) - now) };
      const due = s.lastStart === null ? 0 : s.lastStart + opts.minIntervalMs - now;
      if (s.running) {
        s.pending = true;
        return { startedNow: false, nextRunInMs: Math.max(0, due) };
      }
      if (due <= 0) {
        start(orgId, s);
        return { startedNow: true, nextRunInMs: null };
      }
      return { startedNow: false, nextRunInMs: schedule(orgId, s) };
    },
    stop() {
      stopped = true;
      for (const s of orgs.values()) {
        if (s.timer !== null) timers.clearTimeout(s.timer);
        if (s.expiry !== null) timers.clearTimeout(s.expiry);
      }
      orgs.clear();
    },
    size: () => orgs.size,
  };
}
