// MEDIA_OUT_CHUNK_MS sets how much reply audio goes in one media message to the carrier, and
// ASR_CHUNK_MS how much caller audio goes in one message to the ASR: a whole call through the
// real server with both set, and nothing heard or transcribed is lost.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { prepareScenario, runScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { placeCall } from '../../src/sim/twilio-caller.ts';

const scenario = readScenario(join(import.meta.dir, '../scenarios/hvac-furnace-thursday.json'));

let env: SimEnv;
beforeAll(async () => {
  env = await startSimEnv({ env: { MEDIA_OUT_CHUNK_MS: '40', ASR_CHUNK_MS: '100' } });
});
afterAll(() => env.close());

test('reply audio reaches the carrier in messages of MEDIA_OUT_CHUNK_MS at most', async () => {
  const { phone } = await prepareScenario(env, scenario);
  const { stream } = await placeCall({ serverUrl: env.serverUrl, to: phone, timeScale: env.timeScale });
  expect(await stream.waitForReplyEnd(15_000)).toBe('end');
  const sizes = stream.received.map((b) => b.length);
  expect(sizes.length).toBeGreaterThan(2);
  expect(Math.max(...sizes)).toBe(320);
  stream.stop();
  await stream.waitClosed();
}, 30_000);

test('a call with 100 ms ASR chunks books as usual, every caller byte delivered in fewer messages', async () => {
  const before = env.deepgram.connections.length;
  const r = await runScenario(env, scenario);
  if (!r.pass) throw new Error(`${r.reason}\n${JSON.stringify(r.turns, null, 2)}`);
  const conn = env.deepgram.connections[before]!;
  expect(conn.bytesReceived).toBeGreaterThan(0);
  expect(conn.bytesReceived % 160).toBe(0);
  // 100 ms per message, bar the flush at the end and the replay at open.
  expect(conn.audioMessages).toBeLessThanOrEqual(Math.ceil(conn.bytesReceived / 800) + 2);
}, 30_000);
