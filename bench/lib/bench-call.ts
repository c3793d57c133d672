// One scripted call in real time for the benchmarks: the business and calendar from a scenario,
// a caller who talks at the pace of speech over a line that never stops sending frames, and the
// simulated Twilio side playing our audio at 8 kHz and echoing marks as it plays.
import { eq, asc } from 'drizzle-orm';
import type { SimEnv } from '../../src/sim/sim-env.ts';
import { prepareScenario, type Scenario } from '../../src/sim/scenario.ts';
import { speechAudio } from '../../src/sim/caller-audio.ts';
import { placeCall, randomSid, type PlayoutStats } from '../../src/sim/twilio-caller.ts';
import { callTurns, calls, organizations } from '../../src/db/schema.ts';
import { PacedCaller, type PacedCallerStats, type TurnProbe } from './paced-caller.ts';

export interface StoredTurn {
  index: number;
  latencyMs: number | null;
  kind: string;
  stages: Record<string, number>;
  speculationHit: boolean;
  adaptiveEndpoint: boolean;
  cacheHit: boolean;
  /** The reply was cut short (a barge-in, or an early turn end the caller talked through). */
  bargedIn: boolean;
  /** What the caller said and the reply, for naming the slowest turns. */
  callerText: string;
  replyText: string;
}

export interface BenchCallResult {
  callId: string | null;
  outcome: string | null;
  completed: boolean;
  /** Client-side turn latencies: last speech frame sent → first reply frame received. */
  probes: TurnProbe[];
  playout: PlayoutStats;
  sender: PacedCallerStats;
  turns: StoredTurn[];
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runBenchCall(
  env: SimEnv,
  scenario: Scenario,
  opts: { thinkMs?: number; turnTimeoutMs?: number; precompute?: boolean } = {},
): Promise<BenchCallResult> {
  const { org, phone } = await prepareScenario(env, scenario);
  if (opts.precompute) {
    // A business's phrases are synthesized when it is set up, long before its calls.
    const [row] = await env.app.rt.db.db.select().from(organizations).where(eq(organizations.id, org.id));
    if (row) await env.app.rt.precomputeOrg(row);
  }
  const lines = scenario.turns.filter(
    (t): t is string | { text: string; confidence?: number } => typeof t === 'string' || 'text' in t,
  );
  const callSid = randomSid('CA');
  const { stream, answer } = await placeCall({
    serverUrl: env.serverUrl,
    to: phone,
    from: scenario.callerPhone,
    callSid,
    timeScale: 1,
    extraForm: { SimulatedNow: scenario.now },
  });
  // The ASR session is tagged with our call id; the caller speaks only after the greeting.
  env.deepgram.setScript(answer.parameters.callId!, lines);
  const caller = new PacedCaller(stream);
  caller.start();
  const timeoutMs = opts.turnTimeoutMs ?? 30_000;
  const replyEnd = () => stream.waitForReplyEnd(timeoutMs);

  let state = await replyEnd();
  let error: string | undefined;
  let seed = 0;
  for (const line of lines) {
    if (state !== 'end') break;
    await sleep(opts.thinkMs ?? 250);
    const ended = replyEnd();
    await caller.say(speechAudio(typeof line === 'string' ? line : line.text, seed++));
    state = await ended;
  }
  if (state === 'timeout')
    error = `${scenario.name}: a reply did not finish in time (marks heard: ${stream.marks.join(',')})`;
  caller.stop();
  if (!stream.isClosed) {
    stream.stop();
    await Promise.race([stream.waitClosed(), sleep(2000)]);
  }
  const callId = answer.parameters.callId ?? null;
  return {
    callId,
    outcome: null,
    completed: state !== 'timeout',
    probes: caller.probes,
    playout: stream.stats,
    sender: caller.stats,
    turns: [],
    ...(error ? { error } : {}),
  };
}

/** Reads back what the server stored for a call's turns (after the write queue has flushed). */
export async function loadStoredTurns(env: SimEnv, result: BenchCallResult): Promise<void> {
  if (!result.callId) return;
  const db = env.app.rt.db.db;
  const [row] = await db.select().from(calls).where(eq(calls.id, result.callId));
  result.outcome = row?.outcome ?? null;
  const rows = await db
    .select()
    .from(callTurns)
    .where(eq(callTurns.callId, result.callId))
    .orderBy(asc(callTurns.index));
  result.turns = rows
    .filter((t) => t.callerText !== null)
    .map((t) => {
      const l = (t.latency ?? {}) as Record<string, unknown>;
      const stages: Record<string, number> = {};
      for (const [k, v] of Object.entries(l)) if (typeof v === 'number') stages[k] = v;
      return {
        index: t.index,
        latencyMs: t.latencyMs,
        kind: typeof l.kind === 'string' ? l.kind : 'template',
        stages,
        speculationHit: l.speculationHit === true,
        adaptiveEndpoint: l.adaptiveEndpoint === true,
        cacheHit: l.cacheHit === true,
        bargedIn: l.bargedIn === true,
        callerText: t.callerText ?? '',
        replyText: t.assistantText ?? '',
      };
    });
}

/** Runs `items` with at most `limit` in flight. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await run(items[i]!, i);
      }
    }),
  );
  return out;
}
