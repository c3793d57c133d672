// Every scenario in test/scenarios runs as a real call through the webhook and the media stream.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Scenario, runScenario } from '../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../src/sim/sim-env.ts';

const dir = join(import.meta.dir, 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('call scenarios', () => {
  let env: SimEnv;
  beforeAll(async () => {
    env = await startSimEnv();
  });
  afterAll(() => env.close());

  test('there are at least 40 of them across the four verticals', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    const verticals = new Set(files.map((f) => Scenario.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))).org.template));
    expect([...verticals].sort()).toEqual(['automotive', 'dental', 'hvac', 'salon']);
  });

  for (const file of files) {
    test(file.replace(/\.json$/, ''), async () => {
      const scenario = Scenario.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      const r = await runScenario(env, scenario);
      if (!r.pass) {
        const transcript = r.turns.map((t) => `${t.caller ? `  caller: ${t.caller}\n` : ''}  assistant: ${t.assistant}`).join('\n');
        throw new Error(`${r.reason}\n${transcript}`);
      }
      expect(r.outcome).toBe(scenario.expect.outcome);
    }, 30_000);
  }
});
