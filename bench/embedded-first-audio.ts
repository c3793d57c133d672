// First audio of many concurrent calls spoken by the embedded engine alone.
//
//   bun run bench:first-audio [--calls N] [--workers W]
//
// N calls (default 50) are placed at once on one in-process server with no speech credentials,
// the phrase cache off (so every greeting is synthesized live, the worst case) and W embedded
// speech workers (default: EMBEDDED_TTS_WORKERS's default, one per core). Each call's first audio
// latency is the time from its webhook to the first media frame at the simulated carrier.
import { createOrganization } from '../src/orgs/create-org.ts';
import { startSimEnv } from '../src/sim/sim-env.ts';
import { placeCall } from '../src/sim/twilio-caller.ts';
import { machine, numArg, parseArgs, pcts, r1 } from './lib/stats.ts';

const args = parseArgs(process.argv.slice(2));
const calls = numArg(args, 'calls', 50);
const workers = args.has('workers') ? numArg(args, 'workers', 1) : 0;

const env = await startSimEnv({
  realtime: true,
  env: { FEATURE_PHRASE_CACHE: 'false', EMBEDDED_TTS_WORKERS: String(workers) },
});
try {
  const phone = '+15125550999';
  await createOrganization(env.app.rt.db.db, {
    template: 'hvac',
    name: 'Polar Air',
    phoneNumber: phone,
    timezone: 'America/Chicago',
    settings: {},
  });
  const firstAudioMs: number[] = [];
  const lines = await Promise.all(
    Array.from({ length: calls }, async (_, i) => {
      const started = performance.now();
      const { stream } = await placeCall({
        serverUrl: env.serverUrl,
        to: phone,
        from: `+1512555${String(1000 + i)}`,
        callSid: `CA${String(i).padStart(32, '0')}`,
        timeScale: env.timeScale,
      });
      await new Promise<void>((resolve) => {
        if (stream.received.length > 0) {
          firstAudioMs.push(performance.now() - started);
          resolve();
          return;
        }
        stream.onMedia = () => {
          stream.onMedia = null;
          firstAudioMs.push(performance.now() - started);
          resolve();
        };
      });
      return stream;
    }),
  );
  for (const line of lines) line.stop();
  const p = pcts(firstAudioMs);
  console.log(`machine: ${machine()}`);
  console.log(`embedded speech workers: ${workers || 'default (one per core)'}; concurrent calls: ${calls}`);
  console.log(
    `first audio ms: p50 ${r1(p.p50)}  p95 ${r1(p.p95)}  p99 ${r1(p.p99)}  max ${r1(Math.max(...firstAudioMs))}`,
  );
} finally {
  await env.close();
}
process.exit(0);
