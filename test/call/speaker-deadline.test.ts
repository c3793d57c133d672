// The first-byte deadline on speech exists to switch to the embedded engine; it must never turn a
// slow sentence into a silent one. On a busy CPU the embedded engine can be slower than the
// deadline: as the only engine it gets no deadline, and a main engine cut off by the deadline is
// a failure that falls back, even when it ends quietly instead of throwing.
import { describe, expect, test } from 'bun:test';
import { createSpeaker } from '../../src/call/speaker.ts';
import { createEmbeddedTts } from '../../src/providers/tts/embedded.ts';
import { createLogger } from '../../src/log.ts';

const SENTENCE = 'Thanks for calling Polar Air, how can I help you today?';
// Shorter than any synthesis: the deadline passes before the first byte, every time.
const DEADLINE_MS = 1;
const common = { voice: 'en-us', log: createLogger(), firstByteTimeoutMs: DEADLINE_MS };

async function spoken(speaker: ReturnType<typeof createSpeaker>): Promise<number> {
  let bytes = 0;
  const opts = { signal: new AbortController().signal, cacheable: false };
  for await (const chunk of speaker.speak(SENTENCE, opts)) bytes += chunk.length;
  return bytes;
}

describe('speech first-byte deadline', () => {
  test('the embedded engine as the only engine speaks the sentence however long it takes', async () => {
    const embedded = createEmbeddedTts();
    const speaker = createSpeaker({ tts: embedded, fallback: embedded, ...common });
    expect(await spoken(speaker)).toBeGreaterThan(8000);
    expect(speaker.usage.fallbacks).toBe(0);
  });

  test('a main engine that ends quietly when cut off by the deadline falls back to the embedded one', async () => {
    // The embedded engine returns without an error when its signal aborts: a quiet end.
    const main = { ...createEmbeddedTts(), name: 'main' };
    const speaker = createSpeaker({ tts: main, fallback: createEmbeddedTts(), ...common });
    expect(await spoken(speaker)).toBeGreaterThan(8000);
    expect(speaker.usage.fallbacks).toBe(1);
  });
});
