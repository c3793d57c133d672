// The embedded engine (eSpeak NG in WebAssembly, in a worker) speaks real sentences into 8 kHz
// μ-law. Checks are on the audio itself (length for the text, loudness, no clipping, voiced and
// unvoiced frames) and on streaming order: the first clause is heard before the last is made.
// The first synthesis compiles the wasm module, so tests get generous timeouts.
import { describe, expect, test } from 'bun:test';
import { clauses, createEmbeddedTts } from '../../src/providers/tts/embedded.ts';
import { mulawToPcm } from '../../src/audio/mulaw.ts';
import { concat } from '../../src/audio/frames.ts';

const WARM = 60_000;

interface Analysis {
  seconds: number;
  rms: number;
  clippedFraction: number;
  /** Frames (20 ms) loud enough to be speech, and frames that are near silence. */
  loudFraction: number;
  quietFraction: number;
  /** Zero crossings per loud frame: voiced sounds cross rarely, fricatives often. */
  zcrMin: number;
  zcrMax: number;
}

function analyse(mulaw: Uint8Array): Analysis {
  const pcm = mulawToPcm(mulaw);
  let sum = 0;
  let clipped = 0;
  for (const s of pcm) {
    sum += s * s;
    if (Math.abs(s) >= 32000) clipped++;
  }
  const frames: Array<{ rms: number; zcr: number }> = [];
  for (let f = 0; f + 160 <= pcm.length; f += 160) {
    let e = 0;
    let z = 0;
    for (let i = f; i < f + 160; i++) {
      e += pcm[i]! * pcm[i]!;
      if (i > f && pcm[i]! >= 0 !== pcm[i - 1]! >= 0) z++;
    }
    frames.push({ rms: Math.sqrt(e / 160), zcr: z });
  }
  const loud = frames.filter((f) => f.rms > 500);
  return {
    seconds: pcm.length / 8000,
    rms: Math.sqrt(sum / Math.max(1, pcm.length)),
    clippedFraction: clipped / Math.max(1, pcm.length),
    loudFraction: loud.length / Math.max(1, frames.length),
    quietFraction: frames.filter((f) => f.rms < 100).length / Math.max(1, frames.length),
    zcrMin: Math.min(...loud.map((f) => f.zcr)),
    zcrMax: Math.max(...loud.map((f) => f.zcr)),
  };
}

function expectSpeech(a: Analysis): void {
  // Well above silence, never slammed against full scale.
  expect(a.rms).toBeGreaterThan(800);
  expect(a.clippedFraction).toBeLessThan(0.01);
  // Words and the gaps between them.
  expect(a.loudFraction).toBeGreaterThan(0.3);
  expect(a.quietFraction).toBeGreaterThan(0.02);
  // Vowels (few crossings) and consonants (many) both present.
  expect(a.zcrMax - a.zcrMin).toBeGreaterThan(15);
}

describe('embedded tts', () => {
  test(
    'a short sentence becomes a few seconds of speech-like 8 kHz μ-law',
    async () => {
      const tts = createEmbeddedTts();
      const usage: number[] = [];
      const chunks: Uint8Array[] = [];
      const text = 'Your appointment is booked for Tuesday at nine.';
      for await (const c of tts.synthesize({ text, onUsage: (u) => usage.push(u.characters) })) chunks.push(c);
      const a = analyse(concat(chunks));
      expect(a.seconds).toBeGreaterThan(1);
      expect(a.seconds).toBeLessThan(6);
      expectSpeech(a);
      expect(usage).toEqual([text.length]);
      expect(tts.name).toBe('embedded');
      expect(tts.engine).toBe('espeak-ng');
    },
    WARM,
  );

  test(
    'more words take longer to say',
    async () => {
      const tts = createEmbeddedTts();
      const say = async (text: string) => {
        const parts: Uint8Array[] = [];
        for await (const c of tts.synthesize({ text })) parts.push(c);
        return analyse(concat(parts)).seconds;
      };
      const short = await say('Yes.');
      const long = await say('We are open Monday through Friday from eight in the morning until six in the evening.');
      expect(short).toBeGreaterThan(0.1);
      expect(short).toBeLessThan(1.5);
      expect(long).toBeGreaterThan(short * 3);
      expect(long).toBeLessThan(12);
    },
    WARM,
  );

  test(
    'SSML is read as its text, and cloud voice names fall back to the engine voice',
    async () => {
      const tts = createEmbeddedTts();
      const usage: number[] = [];
      const parts: Uint8Array[] = [];
      for await (const c of tts.synthesize({
        text: '<speak>Smith &amp; Sons <break time="300ms"/> plumbing.</speak>',
        ssml: true,
        voice: 'Joanna',
        onUsage: (u) => usage.push(u.characters),
      }))
        parts.push(c);
      expect(usage).toEqual(['Smith & Sons plumbing.'.length]);
      const a = analyse(concat(parts));
      expect(a.seconds).toBeGreaterThan(0.5);
      expect(a.seconds).toBeLessThan(6);
      expectSpeech(a);
    },
    WARM,
  );

  test(
    'a multi-clause sentence streams: the first clause is delivered before the last one is synthesized',
    async () => {
      const events: string[] = [];
      const tts = createEmbeddedTts({ onClauseSynthesized: (i, n) => events.push(`synthesized ${i + 1}/${n}`) });
      const text =
        'Thanks for calling Polar Air, this is the booking line, we can come out tomorrow morning, or on Thursday afternoon if that suits you better.';
      const parts = clauses(text);
      expect(parts.length).toBe(4);

      const chunks: Uint8Array[] = [];
      for await (const c of tts.synthesize({ text })) {
        chunks.push(c);
        events.push(`chunk ${chunks.length}`);
      }
      // One chunk per clause, in order, each a real piece of speech.
      expect(chunks.length).toBe(parts.length);
      for (const c of chunks) expect(analyse(c).seconds).toBeGreaterThan(0.5);
      expectSpeech(analyse(concat(chunks)));

      const firstChunk = events.indexOf('chunk 1');
      const lastSynth = events.indexOf(`synthesized ${parts.length}/${parts.length}`);
      expect(firstChunk).toBeGreaterThanOrEqual(0);
      expect(lastSynth).toBeGreaterThanOrEqual(0);
      expect(firstChunk).toBeLessThan(lastSynth);
      // And every chunk follows its own clause's synthesis.
      for (let i = 1; i <= parts.length; i++)
        expect(events.indexOf(`chunk ${i}`)).toBeGreaterThan(events.indexOf(`synthesized ${i}/${parts.length}`));
    },
    WARM,
  );

  test(
    'an abort after the first chunk ends the stream without the rest',
    async () => {
      const tts = createEmbeddedTts();
      const ac = new AbortController();
      const chunks: Uint8Array[] = [];
      for await (const c of tts.synthesize({
        text: 'First we check the filter, then the coils, then the thermostat wiring.',
        signal: ac.signal,
      })) {
        chunks.push(c);
        ac.abort();
      }
      expect(chunks).toHaveLength(1);
    },
    WARM,
  );

  test(
    'the engine is reused: the same words give the same audio every time, whatever came between',
    async () => {
      const tts = createEmbeddedTts({ workers: 1 });
      const say = async (text: string, voice?: string) => {
        const parts: Uint8Array[] = [];
        for await (const c of tts.synthesize({ text, ...(voice ? { voice } : {}) })) parts.push(c);
        return concat(parts);
      };
      const text = 'Thanks for calling Polar Air.';
      const first = await say(text);
      await say('Gracias por llamar. ¿En qué le puedo ayudar?', 'es-419');
      await say('We are open Monday through Friday from eight in the morning until six in the evening.');
      const again = await say(text);
      expect(again.length).toBe(first.length);
      expect(Buffer.compare(Buffer.from(again), Buffer.from(first))).toBe(0);
    },
    WARM,
  );

  test(
    'a voice the engine does not have fails that sentence only; the next one is spoken',
    async () => {
      const tts = createEmbeddedTts({ workers: 1 });
      const attempt = async (text: string, voice: string) => {
        const parts: Uint8Array[] = [];
        for await (const c of tts.synthesize({ text, voice })) parts.push(c);
        return concat(parts);
      };
      await expect(attempt('Hello there.', 'xx-nosuchvoice')).rejects.toThrow(/espeak/);
      const ok = await attempt('Hello there, how can I help?', 'en-us');
      expectSpeech(analyse(ok));
    },
    WARM,
  );
});
