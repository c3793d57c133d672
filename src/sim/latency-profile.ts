// Shared timing and fault model for the wire-faithful fakes. Every fake owns one FakeControl and
// reads it on each request/frame, so its owner (or the HTTP control endpoint) can change latency or
// break the service while calls are in flight.

export interface LatencyProfile {
  /** Delay before the first byte/result of a response. */
  ttfbMs: number;
  /** Pace for byte streams (TTS audio). 0 or absent = as fast as possible. */
  throughputBytesPerSec?: number;
  /** Pace for token streams (LLM deltas). 0 or absent = as fast as possible. */
  tokensPerSec?: number;
  /** Uniform random extra delay in [0, jitterMs) added to each delay. */
  jitterMs: number;
}

export const ZERO_PROFILE: LatencyProfile = { ttfbMs: 0, jitterMs: 0 };

/** Named presets. `realistic` is roughly what the real services show from a nearby region. */
export const PROFILES = {
  zero: ZERO_PROFILE,
  /** Real-looking shape, scaled down ~20× for fast tests that still need ordering by time. */
  compressed: { ttfbMs: 15, throughputBytesPerSec: 320_000, tokensPerSec: 2000, jitterMs: 3 },
  realistic: { ttfbMs: 300, throughputBytesPerSec: 16_000, tokensPerSec: 80, jitterMs: 60 },
} as const satisfies Record<string, LatencyProfile>;

/**
 * - refuse: reject the connection/upgrade (HTTP 503 before any body).
 * - http5xx: answer with `status` (default 503) and an error body.
 * - dropMidStream: cut the stream after `dropAfter` units (bytes of audio, chunks of SSE…).
 * - stall: accept and then never answer (no results, no tokens).
 */
export type FaultName = 'refuse' | 'http5xx' | 'dropMidStream' | 'stall';

export interface FaultSetting {
  /** How many times the fault fires before clearing itself. Infinity = until cleared. */
  times?: number;
  /** http5xx status. */
  status?: number;
  /** dropMidStream: units (fake-specific) delivered before the cut. */
  dropAfter?: number;
}

interface ActiveFault {
  remaining: number;
  status: number;
  dropAfter: number | undefined;
}

export interface FakeControl {
  readonly profile: LatencyProfile;
  setProfile(p: Partial<LatencyProfile>): void;
  setFault(name: FaultName, setting?: FaultSetting): void;
  clearFault(name?: FaultName): void;
  /** Is the fault armed (without consuming it)? */
  isArmed(name: FaultName): boolean;
  /** Consumes one firing of an armed fault; returns its settings, or null when not armed. */
  take(name: FaultName): { status: number; dropAfter: number | undefined } | null;
  /** ttfb + jitter, in ms. */
  firstByteDelayMs(): number;
  /** Time to deliver `units` at `perSec` (0/absent = instant) + jitter. */
  paceMs(units: number, perSec: number | undefined): number;
}

export function createFakeControl(initial: Partial<LatencyProfile> = {}): FakeControl {
  let profile: LatencyProfile = { ...ZERO_PROFILE, ...initial };
  const faults = new Map<FaultName, ActiveFault>();
  const jitter = (): number => (profile.jitterMs > 0 ? Math.random() * profile.jitterMs : 0);
  return {
    get profile() {
      return profile;
    },
    setProfile(p) {
      profile = { ...profile, ...p };
    },
    setFault(name, s = {}) {
      faults.set(name, { remaining: s.times ?? Infinity, status: s.status ?? 503, dropAfter: s.dropAfter });
    },
    clearFault(name) {
      if (name) faults.delete(name);
      else faults.clear();
    },
    isArmed: (name) => faults.has(name),
    take(name) {
      const f = faults.get(name);
      if (!f) return null;
      f.remaining -= 1;
      if (f.remaining <= 0) faults.delete(name);
      return { status: f.status, dropAfter: f.dropAfter };
    },
    firstByteDelayMs: () => profile.ttfbMs + jitter(),
    paceMs: (units, perSec) => (perSec && perSec > 0 ? (units / perSec) * 1000 : 0) + jitter(),
  };
}

/**
 * How long the fakes' waits (for a request, an abort) hold out by default: long enough for a busy
 * machine, since only a hang should ever reach it. Tests assert that something happens, not when.
 */
export const WAIT_MS = 30_000;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

const FAULT_NAMES: readonly FaultName[] = ['refuse', 'http5xx', 'dropMidStream', 'stall'];

/**
 * Shared HTTP control surface so a fake running in another process can be driven:
 *   POST /__control/profile  {ttfbMs?, tokensPerSec?, throughputBytesPerSec?, jitterMs?}
 *   POST /__control/fault    {name, times?, status?, dropAfter?} | {clear: true, name?}
 * Returns null when the path is not one of these, so a fake can add its own routes.
 */
/** A fake's own fault switches, reachable over HTTP through the shared control surface. */
export interface FaultHooks {
  /** POST /__control/fail-next {times, status?, errorType?} */
  failNext?(times: number, status: number, errorType?: string): void;
  /** POST /__control/hang {on} */
  hang?(on: boolean): void;
}

export async function handleControlRequest(
  control: FakeControl,
  req: Request,
  path: string,
  hooks: FaultHooks = {},
): Promise<Response | null> {
  if (req.method !== 'POST') return null;
  if (path === '/__control/fail-next' && hooks.failNext) {
    const b = (await req.json().catch(() => null)) as { times?: unknown; status?: unknown; errorType?: unknown } | null;
    if (typeof b?.times !== 'number')
      return Response.json({ error: 'expected {times, status?, errorType?}' }, { status: 400 });
    hooks.failNext(
      b.times,
      typeof b.status === 'number' ? b.status : 503,
      typeof b.errorType === 'string' ? b.errorType : undefined,
    );
    return Response.json({ ok: true });
  }
  if (path === '/__control/hang' && hooks.hang) {
    const b = (await req.json().catch(() => null)) as { on?: unknown } | null;
    hooks.hang(b?.on === true);
    return Response.json({ ok: true });
  }
  if (path === '/__control/profile') {
    const body = (await req.json().catch(() => null)) as Partial<LatencyProfile> | null;
    if (!body || typeof body !== 'object') return Response.json({ error: 'json object expected' }, { status: 400 });
    const p: Partial<LatencyProfile> = {};
    for (const k of ['ttfbMs', 'throughputBytesPerSec', 'tokensPerSec', 'jitterMs'] as const) {
      const v = body[k];
      if (typeof v === 'number' && Number.isFinite(v) && v >= 0) p[k] = v;
    }
    control.setProfile(p);
    return Response.json({ profile: control.profile });
  }
  if (path === '/__control/fault') {
    const body = (await req.json().catch(() => null)) as
      | ({ name?: string; clear?: boolean } & { times?: number | null; status?: number; dropAfter?: number })
      | null;
    if (!body || typeof body !== 'object') return Response.json({ error: 'json object expected' }, { status: 400 });
    const name = FAULT_NAMES.find((n) => n === body.name);
    if (body.clear) {
      control.clearFault(name);
      return Response.json({ ok: true });
    }
    if (!name) return Response.json({ error: `name must be one of ${FAULT_NAMES.join(', ')}` }, { status: 400 });
    control.setFault(name, {
      times: typeof body.times === 'number' ? body.times : Infinity,
      ...(typeof body.status === 'number' ? { status: body.status } : {}),
      ...(typeof body.dropAfter === 'number' ? { dropAfter: body.dropAfter } : {}),
    });
    return Response.json({ ok: true });
  }
  return null;
}

/**
 * Resolves true once `ready()` holds — re-checked each time the fake calls the functions in
 * `waiters` (after every request) — or false after `ms`.
 */
export function waitUntil(ready: () => boolean, waiters: Set<() => void>, ms: number): Promise<boolean> {
  if (ready()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const check = (): void => {
      if (!ready()) return;
      clearTimeout(t);
      waiters.delete(check);
      resolve(true);
    };
    const t = setTimeout(() => {
      waiters.delete(check);
      resolve(false);
    }, ms);
    waiters.add(check);
  });
}

/** A fake service on loopback: `/__control/*` goes to its control routes, the rest to the service. */
export function serveFake(o: {
  port?: number;
  control(req: Request, path: string): Promise<Response>;
  handle(req: Request, url: URL): Response | Promise<Response>;
}): ReturnType<typeof Bun.serve> {
  return Bun.serve({
    port: o.port ?? 0,
    hostname: '127.0.0.1',
    idleTimeout: 0,
    async fetch(req) {
      const url = new URL(req.url);
      if (url.pathname.startsWith('/__control/')) return o.control(req, url.pathname);
      return o.handle(req, url);
    },
  });
}
