// The embedded engine runs one worker per core by default (not one for the whole process, which
// queued every concurrent call's sentences behind each other), and EMBEDDED_TTS_WORKERS sets it.
import { expect, test } from 'bun:test';
import { availableParallelism } from 'node:os';
import { embeddedTts } from '../../src/providers/tts/embedded.entry.ts';
import { embeddedWorkerCapacity } from '../../src/providers/tts/embedded.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { openDb } from '../../src/db/client.ts';

async function speakOnce(env: Record<string, string>): Promise<void> {
  const config = loadConfig({ DATABASE_URL: ':memory:', ...env });
  const handle = await openDb({ url: ':memory:' });
  try {
    const tts = await embeddedTts.create(config.env, { db: handle.db, log: createLogger() });
    for await (const _ of tts.synthesize({ text: 'Hello.' })) break;
  } finally {
    handle.close();
  }
}

test('one embedded speech worker per core by default, more when configured', async () => {
  await speakOnce({});
  expect(embeddedWorkerCapacity()).toBe(Math.max(1, availableParallelism()));
  await speakOnce({ EMBEDDED_TTS_WORKERS: String(availableParallelism() + 3) });
  expect(embeddedWorkerCapacity()).toBe(availableParallelism() + 3);
});
