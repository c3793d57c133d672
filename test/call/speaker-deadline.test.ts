// The first-byte deadline on speech exists to switch to another engine; it must never turn a slow
// sentence into a silent one. The embedded engine as the primary gets no deadline (there is no
// other engine to switch to); a main engine cut off by the deadline or failing falls back to the
// embedded one; and a sentence that ends with no audio at all is logged, counted and flagged.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createSpeaker, type NoAudioReason } from '../../src/call/speaker.ts';
import { createEmbeddedTts } from '../../src/providers/tts/embedded.ts';
import { createPollyTts } from '../../src/providers/tts/polly.ts';
import { configureLog, createLogger, flushLog } from '../../src/log.ts';
import type { TtsProvider } from '../../src/providers/tts/types.ts';
import { startFakePolly, type FakePolly } from '../fakes/polly.ts';

const SENTENCE = 'Thanks for calling Polar Air, how can I help you today?';
// Shorter than any synthesis: the deadline passes before the first byte, every time.
const DEADLINE_MS = 1;
const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

let polly: FakePolly;
const logLines: string[] = [];
beforeAll(async () => {
  polly = await startFakePolly({ credentials: CREDS, profile: { ttfbMs: 200 } });
  configureLog({ level: 'info', sink: (chunk) => logLines.push(chunk) });
});
afterAll(async () => {
  configureLog({ sink: (chunk) => process.stdout.write(chunk), level: 'error' });
  await polly.close();
});

interface Flag {
  reason: NoAudioReason;
  engine: string;
}

function speakerOf(tts: TtsProvider, fallback: TtsProvider) {
  const flags: Flag[] = [];
  const speaker = createSpeaker({
    tts,
    fallback,
    voice: tts.defaultVoice,
    log: createLogger({ callSid: 'CA-deadline-test' }),
    firstByteTimeoutMs: DEADLINE_MS,
    onNoAudio: (reason, engine) => flags.push({ reason, engine }),
  });
  return { speaker, flags };
}

async function spoken(speaker: ReturnType<typeof createSpeaker>): Promise<number> {
  let bytes = 0;
  const opts = { signal: new AbortController().signal, cacheable: false };
  for await (const chunk of speaker.speak(SENTENCE, opts)) bytes += chunk.length;
  return bytes;
}

describe('speech first-byte deadline', () => {
  test('the embedded engine as the only engine speaks the sentence however long it takes', async () => {
    const embedded = createEmbeddedTts();
    const { speaker, flags } = speakerOf(embedded, embedded);
    expect(await spoken(speaker)).toBeGreaterThan(8000);
    expect(speaker.usage.fallbacks).toBe(0);
    expect(flags).toEqual([]);
  });

  test('the embedded engine as the configured primary is not cut by the deadline either', async () => {
    // TTS_PROVIDER=embedded: the primary and the fallback are two instances of the same engine.
    const { speaker, flags } = speakerOf(createEmbeddedTts(), createEmbeddedTts());
    expect(await spoken(speaker)).toBeGreaterThan(8000);
    expect(speaker.usage.fallbacks).toBe(0);
    expect(flags).toEqual([]);
  });

  test('a main engine cut off by the deadline falls back to the embedded one', async () => {
    const main = createPollyTts({ region: 'us-east-1', endpoint: polly.url, credentials: CREDS });
    const { speaker, flags } = speakerOf(main, createEmbeddedTts());
    expect(await spoken(speaker)).toBeGreaterThan(8000);
    expect(speaker.usage.fallbacks).toBe(1);
    expect(flags).toEqual([]);
  });
});

describe('a sentence with no audio is never silent', () => {
  test('a failing embedded synthesis with no other engine is logged, counted and flagged', async () => {
    // An unknown eSpeak voice: the engine really fails (no voice data), nothing is spoken.
    const broken = createEmbeddedTts({ voice: 'zz' });
    const { speaker, flags } = speakerOf(broken, broken);
    const before = logLines.length;
    expect(await spoken(speaker)).toBe(0);
    expect(flags).toEqual([{ reason: 'error', engine: 'espeak-ng' }]);
    expect(speaker.usage.noAudioSentences).toBe(1);
    flushLog();
    const logged = logLines.slice(before).join('');
    expect(logged).toContain('sentence produced no audio');
    expect(logged).toContain('CA-deadline-test');
    // The caller's words never reach the log, only the sentence's length.
    expect(logged).not.toContain('Polar Air');
  });

  test('a main engine cut off by the deadline whose fallback also fails is flagged', async () => {
    const main = createPollyTts({ region: 'us-east-1', endpoint: polly.url, credentials: CREDS });
    const broken = createEmbeddedTts({ voice: 'zz' });
    const { speaker, flags } = speakerOf(main, broken);
    expect(await spoken(speaker)).toBe(0);
    expect(speaker.usage.fallbacks).toBe(1);
    expect(flags).toEqual([{ reason: 'error', engine: 'espeak-ng' }]);
  });

  test('a sentence the caller cut off (barge-in) is not flagged', async () => {
    const { speaker, flags } = speakerOf(createEmbeddedTts(), createEmbeddedTts());
    const ctl = new AbortController();
    ctl.abort(new Error('barge-in'));
    for await (const _ of speaker.speak(SENTENCE, { signal: ctl.signal, cacheable: false })) break;
    expect(flags).toEqual([]);
  });
});
