// bun run scenario [--carrier twilio|telnyx] <file-or-dir> [--json]
// Runs scenario files as real calls against the server (in this process, embedded defaults, the
// Deepgram fake standing in for speech recognition) through the chosen carrier (a simulated
// Telnyx account for telnyx) and exits non-zero if any fails.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Scenario, runScenario, type ScenarioResult } from '../src/sim/scenario.ts';
import { startSimEnv } from '../src/sim/sim-env.ts';
import { SIM_CARRIERS, type SimCarrier } from '../src/sim/simulated-call.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false }, carrier: { type: 'string', default: 'twilio' } },
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
const env = await startSimEnv({ telnyx: carrier === 'telnyx' });
const results: Array<Omit<ScenarioResult, 'audioBytes' | 'callId'>> = [];
try {
  for (const file of files) {
    let scenario;
    try {
      scenario = Scenario.parse(JSON.parse(readFileSync(file, 'utf8')));
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
}
const passed = results.filter((r) => r.pass).length;
const failed = results.length - passed;
if (values.json) process.stdout.write(`${JSON.stringify({ passed, failed, results })}\n`);
else process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
