// Server and harness on separate cores: the server process under `taskset -c 1`, this process
// (and the fakes it spawns, which inherit its affinity) under `taskset -c 0`. Where taskset is
// missing or the machine has one core, nothing is pinned and the report says so.
import os from 'node:os';

const SERVER_CORE = 1;
const HARNESS_CORE = 0;
const PINNED_ENV = 'BENCH_HARNESS_PINNED';

function canPin(): boolean {
  return process.platform === 'linux' && os.cpus().length >= 2 && Bun.which('taskset') !== null;
}

/**
 * Re-runs this script under `taskset -c 0` unless it already is (or cannot be); returns only in
 * the process that does the work.
 */
export async function pinHarness(): Promise<void> {
  if (process.env[PINNED_ENV] || !canPin()) return;
  const proc = Bun.spawn(['taskset', '-c', String(HARNESS_CORE), process.execPath, ...process.argv.slice(1)], {
    env: { ...process.env, [PINNED_ENV]: '1' },
    stdio: ['inherit', 'inherit', 'inherit'],
  });
  const forward = (sig: NodeJS.Signals) => () => proc.kill(sig);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  process.exit(await proc.exited);
}

/** The server's command line, under `taskset -c 1` when pinning is possible. */
export function serverCommand(cmd: string[]): string[] {
  return canPin() && process.env[PINNED_ENV] ? ['taskset', '-c', String(SERVER_CORE), ...cmd] : cmd;
}

/** How the run was separated, for the report. */
export function harnessCore(): string {
  return canPin() && process.env[PINNED_ENV]
    ? `server pinned to core ${SERVER_CORE}, harness and fakes to core ${HARNESS_CORE} (taskset)`
    : 'not pinned (taskset unavailable or one core): server and harness share the cores';
}
