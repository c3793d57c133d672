// The Deepgram adapter drives the real SDK over a real socket to the fake: what crosses the wire,
// what comes back, and how drops, Finalize and CloseStream behave.
import { afterEach, describe, expect, test } from 'bun:test';
import { createDeepgramAsr, vocabularyParams, type DeepgramAsrOptions } from '../../src/providers/asr/deepgram.ts';
import type { AsrEvent, AsrStream } from '../../src/providers/asr/types.ts';
import { startFakeDeepgram, type FakeDeepgram } from '../../src/sim/deepgram.ts';
import { WAIT_MS } from '../../src/sim/latency-profile.ts';
import { eventually } from '../helpers/eventually.ts';
import { FRAME, push, silence, speech } from '../helpers/asr-audio.ts';

function collect(stream: AsrStream): {
  events: AsrEvent[];
  done: Promise<void>;
  until(pred: (e: AsrEvent) => boolean, ms?: number): Promise<AsrEvent>;
} {
  const events: AsrEvent[] = [];
  const waiters: Array<{ pred: (e: AsrEvent) => boolean; resolve: (e: AsrEvent) => void }> = [];
  const done = (async () => {
    for await (const e of stream) {
      events.push(e);
      for (const w of [...waiters])
        if (w.pred(e)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
    }
  })();
  return {
    events,
    done,
    until(pred, ms = WAIT_MS) {
      const hit = events.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out; saw ${events.map((e) => e.type).join(',')}`)), ms);
        waiters.push({
          pred,
          resolve: (e) => {
            clearTimeout(t);
            resolve(e);
          },
        });
      });
    },
  };
}

let fake: FakeDeepgram;
afterEach(async () => {
  await fake?.close();
});

function asr(extra: Partial<DeepgramAsrOptions> = {}) {
  return createDeepgramAsr({ apiKey: 'dg-test-key', url: fake.url, reconnectDelayMs: 1, ...extra });
}

describe('deepgram adapter', () => {
  test('opens with the phone-call query, the call tag, keywords and token auth', async () => {
    fake = await startFakeDeepgram();
    const stream = asr().open({ callId: 'CA-wire', keywords: ['Acme', 'furnace:5', 'Acme'] });
    const c = collect(stream);
    await push(stream, silence(100));
    await stream.close();
    await c.done;
    const conn = fake.connections[0];
    expect(conn).toBeDefined();
    const q = conn!.query;
    expect(conn!.url.startsWith('/v1/listen?')).toBe(true);
    expect(q.get('model')).toBe('nova-2-phonecall');
    expect(q.get('encoding')).toBe('mulaw');
    expect(q.get('sample_rate')).toBe('8000');
    expect(q.get('channels')).toBe('1');
    expect(q.get('interim_results')).toBe('true');
    expect(q.get('endpointing')).toBe('300');
    expect(q.get('utterance_end_ms')).toBe('1000');
    expect(q.get('vad_events')).toBe('true');
    expect(q.get('punctuate')).toBe('true');
    expect(q.get('smart_format')).toBe('true');
    expect(q.get('tag')).toBe('CA-wire');
    expect(q.getAll('keywords')).toEqual(['Acme:2', 'furnace:5']);
    expect(q.has('keyterm')).toBe(false);
    expect(conn!.headers.authorization).toBe('Token dg-test-key');
    expect(conn!.bytesReceived).toBe(800);
  });

  test('nova-3 gets keyterm phrases instead of keywords', async () => {
    fake = await startFakeDeepgram();
    const stream = asr({ model: 'nova-3', language: 'en-US' }).open({
      callId: 'CA-n3',
      keywords: ['Acme Heating:3', 'tune-up'],
    });
    const c = collect(stream);
    await push(stream, silence(40));
    await stream.close();
    await c.done;
    const q = fake.connections[0]!.query;
    expect(q.getAll('keyterm')).toEqual(['Acme Heating', 'tune-up']);
    expect(q.has('keywords')).toBe(false);
    expect(q.get('language')).toBe('en-US');
    expect(vocabularyParams('whisper-large', ['x'])).toEqual({});
  });

  test('a scripted utterance arrives as speech-started, growing interims, final and utterance-end', async () => {
    fake = await startFakeDeepgram();
    fake.setScript('CA-say', ['I need my furnace looked at.']);
    const stream = asr().open({ callId: 'CA-say' });
    const c = collect(stream);
    await push(stream, silence(200), speech(1200), silence(1200));
    await c.until((e) => e.type === 'utterance-end');
    const types = c.events.map((e) => e.type);
    const firstFinal = types.indexOf('final');
    expect(types[0]).toBe('speech-started');
    expect(types.slice(1, firstFinal).every((t) => t === 'interim')).toBe(true);
    expect(firstFinal).toBeGreaterThan(2);
    expect(types[firstFinal + 1]).toBe('utterance-end');
    const interims = c.events.filter((e): e is Extract<AsrEvent, { type: 'interim' }> => e.type === 'interim');
    expect(interims[0]!.words.length).toBeLessThan(interims.at(-1)!.words.length);
    const final = c.events[firstFinal] as Extract<AsrEvent, { type: 'final' }>;
    expect(final.text).toBe('I need my furnace looked at.');
    expect(final.speechFinal).toBe(true);
    expect(final.fromFinalize).toBe(false);
    expect(final.words.map((w) => w.word)).toEqual(['i', 'need', 'my', 'furnace', 'looked', 'at']);
    expect(final.words[0]!.start).toBeCloseTo(0.2, 2);
    expect(final.words.at(-1)!.end).toBeLessThanOrEqual(1.4);
    expect((c.events[0] as Extract<AsrEvent, { type: 'speech-started' }>).timestamp).toBeCloseTo(0.2, 2);
    await stream.close();
    await c.done;
    expect(c.events.at(-1)).toEqual({ type: 'closed', code: 1000, reason: '' });
    expect(fake.stats().closeStreams).toBe(1);
  });

  test('finalize flushes the utterance in progress as a from_finalize final', async () => {
    fake = await startFakeDeepgram();
    fake.setScript('CA-fin', ['Tomorrow at three.']);
    const stream = asr().open({ callId: 'CA-fin' });
    const c = collect(stream);
    await push(stream, speech(800));
    await c.until((e) => e.type === 'interim');
    stream.finalize();
    const final = (await c.until((e) => e.type === 'final')) as Extract<AsrEvent, { type: 'final' }>;
    expect(final.fromFinalize).toBe(true);
    expect(final.speechFinal).toBe(false);
    expect(final.text).toBe('Tomorrow at three.');
    expect(fake.stats().finalizes).toBe(1);
    await stream.close();
  });

  test('audio pushed before the socket opens is delivered, and finalize waits for it', async () => {
    fake = await startFakeDeepgram();
    fake.setScript('CA-early', ['Hi there.']);
    const stream = asr().open({ callId: 'CA-early' });
    // Synchronously, before any I/O could have opened the socket.
    for (let i = 0; i < 40; i++) stream.pushAudio(speech(20));
    stream.finalize();
    const c = collect(stream);
    const final = (await c.until((e) => e.type === 'final')) as Extract<AsrEvent, { type: 'final' }>;
    expect(final.text).toBe('Hi there.');
    expect(final.fromFinalize).toBe(true);
    expect(fake.connections[0]!.bytesReceived).toBe(40 * FRAME);
    await stream.close();
  });

  test('coalesces frames into chunkMs messages and sends the remainder before CloseStream', async () => {
    fake = await startFakeDeepgram();
    const stream = asr({ chunkMs: 60 }).open({ callId: 'CA-chunk' });
    const c = collect(stream);
    // One chunk first, so the rest is sent live rather than replayed at open as one message.
    await push(stream, silence(60));
    await eventually(() => fake.connections[0]?.bytesReceived === 3 * FRAME);
    await push(stream, silence(140));
    await stream.close();
    await c.done;
    const conn = fake.connections[0]!;
    expect(conn.bytesReceived).toBe(10 * FRAME);
    // 3 × 60 ms, then the 20 ms left over when the call ended.
    expect(conn.audioMessages).toBe(4);
  });

  test('quiet-line audio goes in 100 ms messages; speech goes at once, after what was held', async () => {
    fake = await startFakeDeepgram();
    const stream = asr().open({ callId: 'CA-quiet' });
    const c = collect(stream);
    stream.pushAudio(silence(20));
    await eventually(() => fake.connections[0]?.audioMessages === 1);
    // 300 ms of quiet line: three messages, not fifteen.
    const quiet = silence(300);
    for (let off = 0; off < quiet.length; off += FRAME) stream.pushAudio(quiet.subarray(off, off + FRAME), true);
    await eventually(() => fake.connections[0]?.bytesReceived === 16 * FRAME);
    expect(fake.connections[0]!.audioMessages).toBe(4);
    // 60 ms more held, then the caller speaks: both reach the recognizer without waiting.
    const more = silence(60);
    for (let off = 0; off < more.length; off += FRAME) stream.pushAudio(more.subarray(off, off + FRAME), true);
    stream.pushAudio(speech(20));
    await eventually(() => fake.connections[0]?.bytesReceived === 20 * FRAME);
    expect(fake.connections[0]!.audioMessages).toBe(6);
    await stream.close();
    await c.done;
  });

  test('finalize sends the pending part of a chunk first, so the final covers all audio pushed', async () => {
    fake = await startFakeDeepgram();
    fake.setScript('CA-chunk-fin', ['Tomorrow at three.']);
    const stream = asr({ chunkMs: 100 }).open({ callId: 'CA-chunk-fin' });
    const c = collect(stream);
    // 7 frames: one whole 100 ms chunk and 40 ms pending.
    await push(stream, speech(140));
    stream.finalize();
    const final = (await c.until((e) => e.type === 'final')) as Extract<AsrEvent, { type: 'final' }>;
    expect(final.text).toBe('Tomorrow at three.');
    expect(final.end).toBeCloseTo(0.14, 3);
    expect(fake.connections[0]!.bytesReceived).toBe(7 * FRAME);
    await stream.close();
  });

  test('keeps the socket alive with KeepAlive while no audio flows', async () => {
    // An idle timeout far above the KeepAlive period, so a stalled event loop on a busy machine is
    // not taken for silence; 150 KeepAlives take at least 1.5 s, past the timeout.
    fake = await startFakeDeepgram({ idleTimeoutMs: 1000 });
    const stream = asr({ keepAliveMs: 10 }).open({ callId: 'CA-idle' });
    collect(stream);
    await eventually(() => fake.stats().keepAlives >= 150 || fake.connections[0]?.closeCode != null);
    expect(fake.connections).toHaveLength(1);
    expect(fake.connections[0]!.closeCode).toBeNull();
    await stream.close();
  });

  test('after a mid-stream drop it reconnects, replays unsettled audio and keeps stream-relative times', async () => {
    fake = await startFakeDeepgram();
    fake.setScript('CA-drop', ['Yes please.', 'Book me for Monday morning.']);
    const stream = asr().open({ callId: 'CA-drop' });
    const c = collect(stream);
    await push(stream, speech(600), silence(500));
    await c.until((e) => e.type === 'final');
    // Cut the connection 0.4 s into the second utterance.
    fake.control.setFault('dropMidStream', { times: 1, dropAfter: 0.4 * 8000 });
    await push(stream, speech(1000), silence(600));
    const reconnecting = await c.until((e) => e.type === 'reconnecting');
    expect(reconnecting).toMatchObject({ type: 'reconnecting', attempt: 1 });
    const finals = () =>
      c.events.filter((e): e is Extract<AsrEvent, { type: 'final' }> => e.type === 'final' && e.text !== '');
    await c.until((e) => e.type === 'final' && e.text.startsWith('Book'));
    expect(finals().map((f) => f.text)).toEqual(['Yes please.', 'Book me for Monday morning.']);
    expect(fake.connections).toHaveLength(2);
    expect(fake.connections[0]!.closeCode).toBe(1011);
    expect(fake.connections[1]!.query.get('tag')).toBe('CA-drop');
    // The second connection got the second utterance from its start (replay), not only post-drop audio.
    expect(fake.connections[1]!.bytesReceived).toBeGreaterThanOrEqual(1.6 * 8000);
    const second = finals()[1]!;
    // Speech 2 began at 1.1 s of the call's audio; Deepgram saw it ~0.18 s into connection 2.
    expect(second.words[0]!.start).toBeCloseTo(1.1, 1);
    // Connection 2 began where the first final settled the audio (0.6 s speech + 0.3 s endpointing).
    expect(second.start).toBeCloseTo(0.9, 2);
    await stream.close();
  });

  test('gives up with a retryable error after the reconnect attempts are spent', async () => {
    fake = await startFakeDeepgram();
    fake.control.setFault('refuse');
    const stream = asr({ reconnectAttempts: 2 }).open({ callId: 'CA-down' });
    const c = collect(stream);
    stream.pushAudio(speech(20));
    await c.done;
    expect(c.events.map((e) => e.type)).toEqual(['reconnecting', 'reconnecting', 'error', 'closed']);
    expect(c.events[2]).toMatchObject({ type: 'error', retryable: true });
    expect(fake.stats().refused).toBe(3);
    expect(() => stream.pushAudio(speech(20))).not.toThrow();
  });

  test('a rejected key ends the stream with a non-retryable error, without retry storms', async () => {
    fake = await startFakeDeepgram({ apiKey: 'the-right-key' });
    const stream = asr({ reconnectAttempts: 5 }).open({ callId: 'CA-auth' });
    const c = collect(stream);
    await c.done;
    const err = c.events.find((e) => e.type === 'error');
    expect(err).toMatchObject({ type: 'error', retryable: false });
    expect(c.events.filter((e) => e.type === 'reconnecting')).toHaveLength(0);
  });

  test('aborting the signal ends the stream at once', async () => {
    fake = await startFakeDeepgram();
    const ac = new AbortController();
    const stream = asr().open({ callId: 'CA-abort', signal: ac.signal });
    const c = collect(stream);
    await push(stream, silence(100));
    ac.abort();
    await c.done;
    expect(c.events.at(-1)).toEqual({ type: 'closed', code: 1000, reason: 'aborted' });
  });
});
