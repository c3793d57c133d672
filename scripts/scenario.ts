// bun run scenario [--carrier twilio|telnyx] <file-or-dir> [--json]
// bun run scenario --server URL [--asr-port 8089] <file-or-dir>
// Runs scenario files as real calls against the server (in this process, embedded defaults, the
// Deepgram fake standing in for speech recognition) through the chosen carrier (a simulated
// Telnyx account for telnyx, a simulated Twilio account for transfers) and exits non-zero if any
// fails.
// With --server they run on a running server through Twilio's webhook (ADMIN_API_KEY from the
// environment; start the server with DEEPGRAM_API_KEY=simulated-caller,
// DEEPGRAM_URL=http://127.0.0.1:8089 and, to run at each scenario's instant,
// ALLOW_SIMULATED_CLOCK=true); scenarios that seed a calendar are skipped there.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runScenario, type ScenarioResult, readScenario } from '../src/sim/scenario.ts';
import { startSimEnv } from '../src/sim/sim-env.ts';
import { SIM_CARRIERS, type SimCarrier } from '../src/sim/simulated-call.ts';
import { DEFAULT_ASR_FAKE_PORT, openScriptFeed } from '../src/sim/remote-call.ts';
import { runRemoteScenario } from '../src/sim/remote-scenario.ts';
import { startFakeTwilioRest } from '../src/sim/twilio-rest.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    carrier: { type: 'string', default: 'twilio' },
    server: { type: 'string' },
    'asr-port': { type: 'string', default: String(DEFAULT_ASR_FAKE_PORT) },
    'time-scale': { type: 'string', default: '1' },
  },
});
const isCarrier = (v: string): v is SimCarrier => (SIM_CARRIERS as readonly string[]).includes(v);
const carrier = values.carrier;
if (positionals.length === 0 || !isCarrier(carrier)) {
  process.stderr.write(`usage: bun run scenario [--carrier ${SIM_CARRIERS.join('|')}] <file-or-dir> [--json]\n`);
  process.exit(2);
}

function collect(path: string): string[] {
  if (statSync(path).isDirectory()) {
    return readdirSync(path)
      .sort()
      .flatMap((f) => collect(join(path, f)));
  }
  return path.endsWith('.json') ? [path] : [];
}

const files = positionals.flatMap(collect);
if (values.server) await runOnServer(values.server.replace(/\/+$/, ''));

/** Every file as a call on a running server; exits with the result. */
async function runOnServer(serverUrl: string): Promise<never> {
  const key = process.env.ADMIN_API_KEY;
  if (!key) {
    process.stderr.write('set ADMIN_API_KEY to the server’s admin key (each scenario creates its business)\n');
    process.exit(2);
  }
  const feed = await openScriptFeed(Number(values['asr-port']));
  let failed = 0;
  try {
    for (const file of files) {
      const scenario = readScenario(file);
      const r = await runRemoteScenario({ serverUrl, key }, feed, scenario, {
        timeScale: Number(values['time-scale']),
        ...(process.env.TWILIO_AUTH_TOKEN ? { authToken: process.env.TWILIO_AUTH_TOKEN } : {}),
      });
      if (!r.pass && !r.skipped) failed++;
      const verdict = r.skipped ? 'SKIP' : r.pass ? 'PASS' : 'FAIL';
      process.stdout.write(`${verdict} ${r.name} → ${r.outcome ?? 'none'}${r.reason ? `: ${r.reason}` : ''}\n`);
    }
  } finally {
    await feed.close();
  }
  process.exit(failed === 0 ? 0 : 1);
}
// Over Twilio, a simulated account answers REST call control, so transfers dial and come back.
const account = { accountSid: `AC${'5'.repeat(32)}`, authToken: 'scenario-auth-token' };
const twilioRest = carrier === 'twilio' ? await startFakeTwilioRest(account) : null;
const env = await startSimEnv({
  telnyx: carrier === 'telnyx',
  ...(twilioRest ? { twilio: { ...account, ...twilioRest, url: twilioRest.url } } : {}),
});
const results: Array<Omit<ScenarioResult, 'audioBytes' | 'callId'>> = [];
try {
  for (const file of files) {
    let scenario;
    try {
      scenario = readScenario(file);
    } catch (e) {
      results.push({
        name: file,
        pass: false,
        outcome: null,
        reason: `invalid scenario: ${e instanceof Error ? e.message : String(e)}`,
        turns: [],
      });
      continue;
    }
    const r = await runScenario(env, scenario, { carrier });
    results.push({ name: r.name, pass: r.pass, outcome: r.outcome, reason: r.reason, turns: r.turns });
    if (!values.json) {
      process.stdout.write(
        `${r.pass ? 'PASS' : 'FAIL'} ${r.name} → ${r.outcome ?? 'none'}${r.pass ? '' : `: ${r.reason}`}\n`,
      );
    }
  }
} finally {
  await env.close();
  await twilioRest?.close();
}
const passed = results.filter((r) => r.pass).length;
const failed = results.length - passed;
if (values.json) process.stdout.write(`${JSON.stringify({ passed, failed, results })}\n`);
else process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
