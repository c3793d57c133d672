// bun run test:stress [runs] [-- bun test args] — the suite on a machine whose every core is
// already busy: one spinning process per core runs alongside `bun test`, `runs` times in a row
// (default 2). Prints each run's wall time; exits non-zero if any run failed.
import { availableParallelism } from 'node:os';

const sep = process.argv.indexOf('--');
const own = sep < 0 ? process.argv.slice(2) : process.argv.slice(2, sep);
const testArgs = sep < 0 ? [] : process.argv.slice(sep + 1);
const runs = Number.parseInt(own[0] ?? '2', 10) || 2;
const cores = availableParallelism();

const burners = Array.from({ length: cores }, () =>
  Bun.spawn([process.execPath, '-e', 'for (;;) {}'], { stdout: 'ignore', stderr: 'ignore' }),
);
const stopBurners = (): void => {
  for (const b of burners) b.kill('SIGKILL');
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopBurners();
    process.exit(130);
  });
}

const results: Array<{ run: number; seconds: number; code: number }> = [];
try {
  process.stdout.write(`${cores} CPU burners started; the suite runs ${runs} time(s) alongside them.\n`);
  for (let run = 1; run <= runs; run++) {
    const t0 = performance.now();
    const test = Bun.spawn([process.execPath, 'run', 'test', ...testArgs], { stdout: 'inherit', stderr: 'inherit' });
    const code = await test.exited;
    results.push({ run, seconds: (performance.now() - t0) / 1000, code });
  }
} finally {
  stopBurners();
  await Promise.all(burners.map((b) => b.exited));
}

for (const r of results)
  process.stdout.write(
    `run ${r.run}: ${r.code === 0 ? 'green' : `FAILED (exit ${r.code})`} in ${r.seconds.toFixed(1)} s\n`,
  );
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
