// Every scenario in test/scenarios runs as a real call through each carrier's webhook and media
// stream: Twilio and Telnyx (a simulated account), side by side in one server, with the same
// expectations. The two calls of a scenario run at once: each has its own business and call ids.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario, type ScenarioResult, readScenario } from '../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../src/sim/sim-env.ts';
import { SIM_CARRIERS } from '../src/sim/simulated-call.ts';
import { startFakeTwilioRest, type FakeTwilioRest } from '../src/sim/twilio-rest.ts';

const dir = join(import.meta.dir, 'scenarios');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

const failure = (carrier: string, r: ScenarioResult): string => {
  const lines = r.turns.map((t) => `${t.caller ? `  caller: ${t.caller}\n` : ''}  assistant: ${t.assistant}`);
  const transcript = lines.join('\n');
  return `[${carrier}] ${r.reason}\n${transcript}`;
};

describe('call scenarios, through every carrier', () => {
  let env: SimEnv;
  let twilioRest: FakeTwilioRest;
  beforeAll(async () => {
    // A Twilio account too: webhooks are signed, and transfers go through calls.update and Dial.
    const account = { accountSid: `AC${'5'.repeat(32)}`, authToken: 'scenario-auth-token' };
    twilioRest = await startFakeTwilioRest(account);
    env = await startSimEnv({ telnyx: true, twilio: { ...account, ...twilioRest, url: twilioRest.url } });
  });
  afterAll(async () => {
    await env.close();
    await twilioRest.close();
  });

  test('there are at least 40 of them across the four verticals', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    const parse = (f: string) => readScenario(join(dir, f));
    const verticals = new Set(files.map((f) => parse(f).org.template));
    expect([...verticals].sort()).toEqual(['automotive', 'dental', 'hvac', 'salon']);
  });

  for (const file of files) {
    test(file.replace(/\.json$/, ''), async () => {
      const scenario = readScenario(join(dir, file));
      const carriers = scenario.carriers ?? SIM_CARRIERS;
      const results = await Promise.all(carriers.map((carrier) => runScenario(env, scenario, { carrier })));
      const failed = results.flatMap((r, i) => (r.pass ? [] : [failure(carriers[i]!, r)]));
      if (failed.length > 0) throw new Error(failed.join('\n'));
      expect(results.map((r) => r.outcome)).toEqual(carriers.map(() => scenario.expect.outcome));
    }, 30_000);
  }
});
