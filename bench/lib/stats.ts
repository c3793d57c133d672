// Percentiles and small summaries for benchmark samples.
import os from 'node:os';

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least p% of samples at or below it.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export interface Pcts {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

export function pcts(samples: readonly number[]): Pcts {
  return {
    p50: r1(percentile(samples, 50)),
    p95: r1(percentile(samples, 95)),
    p99: r1(percentile(samples, 99)),
    n: samples.length,
  };
}

export const r1 = (x: number): number => (Number.isFinite(x) ? Math.round(x * 10) / 10 : x);

export function mean(samples: readonly number[]): number {
  return samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : Number.NaN;
}

/** Parses `--name value` and `--flag` arguments. */
export function parseArgs(argv: readonly string[]): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) out.set(a.slice(2), argv[++i]!);
    else out.set(a.slice(2), true);
  }
  return out;
}

export function numArg(args: Map<string, string | true>, name: string, dflt: number): number {
  const v = args.get(name);
  if (v === undefined || v === true) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${v}`);
  return n;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Bun ${Bun.version}`;
}
