// A call's summary is written by the LLM after the call has ended. A server shut down while that
// summary is still on its way lets it land before the database closes: the stored call keeps
// the LLM's summary, and nothing is rejected by a closed database.
import { expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { runScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv } from '../../src/sim/sim-env.ts';
import { defaultResponder, startFakeOpenAi, type FakeChatRequest } from '../fakes/openai.ts';
import { eventually } from '../helpers/eventually.ts';

const LLM_SUMMARY = 'Caller wants a cancellation and left a message for the shop; call back today.';
const isSummaryRequest = (r: FakeChatRequest) =>
  r.body.messages.some((m) => m.role === 'system' && String(m.content).includes('You summarize a phone call'));

test('shutdown waits for a summary still being written after its call', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailing-'));
  const openai = await startFakeOpenAi();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let summaryAsked = false;
  openai.setResponder(async (req) => {
    if (!isSummaryRequest(req)) return defaultResponder(req);
    summaryAsked = true;
    await gate;
    return { text: LLM_SUMMARY };
  });
  try {
    const env = await startSimEnv({
      databaseUrl: `file:${join(dir, 'calls.db')}`,
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.url, CALL_SUMMARY_TIMEOUT_MS: '60000' },
    });
    const scenario = readScenario(join(import.meta.dir, '../scenarios/auto-cancel-message-only.json'));
    const result = await runScenario(env, scenario);
    expect(result.pass).toBe(true);
    await eventually(() => summaryAsked);
    // Shut down with the summary in flight; it is answered only once the shutdown has begun.
    const closing = env.close();
    release();
    await closing;

    const db = createClient({ url: `file:${join(dir, 'calls.db')}` });
    const rows = await db.execute({ sql: 'select summary from calls where id = ?', args: [result.callId!] });
    db.close();
    expect(rows.rows[0]?.summary).toBe(LLM_SUMMARY);
  } finally {
    await openai.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
