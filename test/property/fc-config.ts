// fast-check settings for the property tests: a fixed seed and a bounded number of runs so CI is
// repeatable; FC_RUNS / FC_SEED override them (`bun run test:fuzz` runs many more).
import type { Parameters as FcParameters } from 'fast-check';

const runs = Number.parseInt(process.env.FC_RUNS ?? '', 10);
const seed = Number.parseInt(process.env.FC_SEED ?? '', 10);

export const NUM_RUNS = Number.isFinite(runs) && runs > 0 ? runs : 200;

export function fcParams<T>(scale = 1): FcParameters<T> {
  return { seed: Number.isFinite(seed) ? seed : 20261125, numRuns: Math.max(1, Math.round(NUM_RUNS * scale)) };
}

/** Per-test timeout that grows with the number of runs (bun's default would cut long fuzz runs). */
export function timeoutFor(msPerRun: number, scale = 1): number {
  return 10_000 + Math.round(NUM_RUNS * scale * msPerRun);
}
