// The pilot's KPIs from call and turn rows. Pure: the route loads rows, this module counts.
//
// Definitions (also in the OpenAPI document):
// - callsTotal: calls that started in the range.
// - callsHandled: calls the runtime answered (completed, failed, interrupted or still in progress).
// - failureRate: (failed + interrupted) / ended calls (completed + failed + interrupted).
// - bookingSuccessRate: booked / booking-eligible calls. Eligible = completed calls that booked,
//   or whose outcome was not served without a booking (answered a question, rescheduled or
//   cancelled an existing booking). A caller who hung up, was escalated or left a callback
//   request counts as a booking that did not happen, and so does a caller who asked to book
//   (calls.booking_wanted) and left with only an answer.
// - turn latency: call_turns.latency_ms (caller's last audio → first audio out) of turns that
//   produced audio; average, p50 and p95 by nearest rank.
// - cost per call: mean of calls.cost over calls that have a cost.
// - phrase cache hit rate: turns whose first audio came from the phrase cache / turns that
//   produced audio.

export interface KpiCall {
  startedAt: number;
  status: string;
  outcome: string | null;
  bookingCreated: boolean;
  /** The caller asked to book during the call. */
  bookingWanted?: boolean;
  cost: number | null;
}

export interface KpiTurn {
  /** The turn's call start, so a turn counts on the same day as its call. */
  callStartedAt: number;
  latencyMs: number;
  /** The turn's first audio was served from the phrase cache. */
  cacheHit?: boolean;
}

export const TARGETS = {
  bookingSuccessRate: 0.85,
  avgTurnLatencyMs: 1000,
  p95TurnLatencyMs: 1000,
  costPerCall: 0.5,
} as const;

const HANDLED = new Set(['completed', 'failed', 'interrupted', 'in-progress']);
const ENDED = new Set(['completed', 'failed', 'interrupted']);
const FAILED = new Set(['failed', 'interrupted']);
const SERVED_WITHOUT_BOOKING = new Set(['answered', 'rescheduled', 'cancelled']);

export interface LatencyStats {
  count: number;
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface DayPoint {
  date: string;
  calls: number;
  booked: number;
  failed: number;
  turns: number;
  latencyAvgMs: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  cost: number;
}

export interface Kpis {
  range: { from: string; to: string; timeZone: string };
  callsTotal: number;
  callsHandled: number;
  endedCalls: number;
  failedCalls: number;
  bookedCalls: number;
  bookingEligibleCalls: number;
  bookingSuccessRate: number | null;
  failureRate: number | null;
  turnLatency: LatencyStats;
  phraseCache: { turns: number; hits: number; hitRate: number | null };
  cost: { total: number; perCall: number | null; pricedCalls: number };
  uptime: { startedAt: string; seconds: number };
  targets: typeof TARGETS;
  meetsTargets: {
    bookingSuccessRate: boolean | null;
    avgTurnLatency: boolean | null;
    p95TurnLatency: boolean | null;
    costPerCall: boolean | null;
  };
  series: DayPoint[];
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function latencyStats(values: number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    avgMs: sorted.length ? round(sum / sorted.length, 1) : null,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
  };
}

function dayKeyer(timeZone: string): (ms: number) => string {
  // en-CA formats as YYYY-MM-DD.
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (ms) => fmt.format(new Date(ms));
}

/** Every local date touched by [from, to), so charts show empty days as zero. */
function daysBetween(from: number, to: number, key: (ms: number) => string): string[] {
  const out: string[] = [];
  const maxDays = 400;
  for (let t = from; t < to && out.length <= maxDays; t += 3 * 3600_000) {
    const k = key(t);
    if (out[out.length - 1] !== k) out.push(k);
  }
  const last = to > from ? key(to - 1) : null;
  if (last && out[out.length - 1] !== last && out.length <= maxDays) out.push(last);
  return out;
}

export function computeKpis(input: {
  calls: readonly KpiCall[];
  turns: readonly KpiTurn[];
  from: number;
  to: number;
  timeZone: string;
  now: number;
  processStartedAt: number;
}): Kpis {
  const { calls, turns } = input;
  const key = dayKeyer(input.timeZone);
  const days = new Map<string, { calls: number; booked: number; failed: number; cost: number; latencies: number[] }>();
  for (const d of daysBetween(input.from, input.to, key))
    days.set(d, { calls: 0, booked: 0, failed: 0, cost: 0, latencies: [] });
  const day = (ms: number) => {
    const k = key(ms);
    let d = days.get(k);
    if (!d) {
      d = { calls: 0, booked: 0, failed: 0, cost: 0, latencies: [] };
      days.set(k, d);
    }
    return d;
  };

  let handled = 0,
    ended = 0,
    failed = 0,
    booked = 0,
    eligible = 0,
    costTotal = 0,
    priced = 0;
  for (const c of calls) {
    const d = day(c.startedAt);
    d.calls++;
    if (HANDLED.has(c.status)) handled++;
    if (ENDED.has(c.status)) ended++;
    if (FAILED.has(c.status)) {
      failed++;
      d.failed++;
    }
    const servedOtherwise = SERVED_WITHOUT_BOOKING.has(c.outcome ?? '') && c.bookingWanted !== true;
    if (c.status === 'completed' && (c.bookingCreated || !servedOtherwise)) {
      eligible++;
      if (c.bookingCreated) booked++;
    }
    if (c.bookingCreated) d.booked++;
    if (c.cost !== null && Number.isFinite(c.cost)) {
      costTotal += c.cost;
      priced++;
      d.cost += c.cost;
    }
  }
  const all: number[] = [];
  let cacheHits = 0;
  for (const t of turns) {
    if (!Number.isFinite(t.latencyMs)) continue;
    all.push(t.latencyMs);
    if (t.cacheHit === true) cacheHits++;
    day(t.callStartedAt).latencies.push(t.latencyMs);
  }

  const lat = latencyStats(all);
  const rate = eligible ? round(booked / eligible, 4) : null;
  const perCall = priced ? round(costTotal / priced, 6) : null;
  const series = [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, d]): DayPoint => {
      const s = latencyStats(d.latencies);
      return {
        date,
        calls: d.calls,
        booked: d.booked,
        failed: d.failed,
        turns: s.count,
        latencyAvgMs: s.avgMs,
        latencyP50Ms: s.p50Ms,
        latencyP95Ms: s.p95Ms,
        cost: round(d.cost, 6),
      };
    });

  return {
    range: { from: new Date(input.from).toISOString(), to: new Date(input.to).toISOString(), timeZone: input.timeZone },
    callsTotal: calls.length,
    callsHandled: handled,
    endedCalls: ended,
    failedCalls: failed,
    bookedCalls: booked,
    bookingEligibleCalls: eligible,
    bookingSuccessRate: rate,
    failureRate: ended ? round(failed / ended, 4) : null,
    turnLatency: lat,
    phraseCache: { turns: all.length, hits: cacheHits, hitRate: all.length ? round(cacheHits / all.length, 4) : null },
    cost: { total: round(costTotal, 6), perCall, pricedCalls: priced },
    uptime: {
      startedAt: new Date(input.processStartedAt).toISOString(),
      seconds: Math.max(0, Math.round((input.now - input.processStartedAt) / 1000)),
    },
    targets: TARGETS,
    meetsTargets: {
      bookingSuccessRate: rate === null ? null : rate > TARGETS.bookingSuccessRate,
      avgTurnLatency: lat.avgMs === null ? null : lat.avgMs < TARGETS.avgTurnLatencyMs,
      p95TurnLatency: lat.p95Ms === null ? null : lat.p95Ms < TARGETS.p95TurnLatencyMs,
      costPerCall: perCall === null ? null : perCall < TARGETS.costPerCall,
    },
    series,
  };
}
