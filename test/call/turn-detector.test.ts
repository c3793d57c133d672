// The turn detector on a manual clock: ASR events and caller frames in, turns and barge-in
// signals out. Speculation runs the real local NLU; its stability wait runs on the manual timers.
import { describe, expect, test } from 'bun:test';
import { TurnDetector, type DetectedTurn } from '../../src/call/turn-detector.ts';
import { createLocalNlu } from '../../src/nlu/local.ts';
import { createLogger } from '../../src/log.ts';
import type { AsrEvent } from '../../src/providers/asr/types.ts';
import type { Expectation } from '../../src/nlu/types.ts';
import { manualTimers } from '../helpers/manual-timers.ts';

const FRAME_MS = 20;
const LOUD = new Uint8Array(160).fill(0x00); // μ-law 0x00: full-scale
const QUIET = new Uint8Array(160).fill(0xff); // μ-law 0xff: zero
const STABLE_MS = 100;
const VAD_SILENCE_MS = 200;

function setup(o: { speculation?: boolean; adaptive?: boolean; expecting?: Expectation; accept?: () => boolean } = {}) {
  const timers = manualTimers(1000);
  const turns: DetectedTurn[] = [];
  const adaptive: boolean[] = [];
  const call = { replying: false, running: false, closing: false };
  let bargeIns = 0;
  let active = 0;
  const detector = new TurnDetector({
    features: { speculation: o.speculation ?? false, adaptiveEndpoint: o.adaptive ?? false },
    nlu: createLocalNlu(),
    speculationStableMs: STABLE_MS,
    vadSilenceMs: VAD_SILENCE_MS,
    timers,
    log: createLogger(),
    call: {
      replying: () => call.replying,
      turnRunning: () => call.running,
      closing: () => call.closing,
      nluContext: () => ({
        expecting: o.expecting ?? 'confirm',
        now: Date.parse('2026-11-23T16:00:00Z'),
        timezone: 'America/Chicago',
        services: [],
      }),
    },
    onTurn: (t) => {
      if (o.accept && !o.accept()) return false;
      turns.push(t);
      return true;
    },
    onBargeIn: () => bargeIns++,
    onCallerActive: () => active++,
    onAdaptiveEndpoint: (wrong) => adaptive.push(wrong),
  });
  let audioMs = 0;
  /** Caller audio in real-time steps: the clock moves with it. */
  const frames = (frame: Uint8Array, ms: number) => {
    for (let t = 0; t < ms; t += FRAME_MS) {
      timers.advance(FRAME_MS);
      audioMs += FRAME_MS;
      detector.hear(frame, audioMs);
      detector.checkEndpoint(audioMs);
    }
  };
  const asr = (ev: AsrEvent) => detector.asrEvent(ev);
  const interim = (text: string) => asr({ type: 'interim', text, words: [], confidence: 0.9, start: 0, end: 0 });
  const final = (text: string, f: { speechFinal?: boolean; fromFinalize?: boolean } = {}) =>
    asr({
      type: 'final',
      text,
      words: [],
      confidence: 0.8,
      speechFinal: f.speechFinal ?? false,
      fromFinalize: f.fromFinalize ?? false,
      start: 0,
      end: 0,
    });
  const counts = { bargeIns: () => bargeIns, active: () => active };
  return { detector, timers, turns, adaptive, call, frames, interim, final, asr, ...counts };
}

/** Lets the NLU's promise settle (microtasks only; no clock moves). */
const settle = () => new Promise<void>((r) => setImmediate(r));

describe('turns from the ASR', () => {
  test('a final with speech_final is one turn, with its text and confidence', () => {
    const h = setup();
    h.frames(LOUD, 400);
    h.final('my furnace is banging', { speechFinal: true });
    h.asr({ type: 'utterance-end', lastWordEnd: 0 });
    expect(h.turns).toHaveLength(1);
    expect(h.turns[0]).toMatchObject({
      kind: 'final',
      text: 'my furnace is banging',
      confidence: 0.8,
      source: 'speech_final',
    });
    expect(h.turns[0]!.speculation).toBeNull();
    // Latency counts from the caller's last loud frame, not from when the ASR answered.
    expect(h.turns[0]!.heardAt).toBe(1400);
  });

  test('finals of one turn are joined; the lowest confidence stands for the turn', () => {
    const h = setup();
    h.final('I need');
    const last = { words: [], confidence: 0.5, speechFinal: true, fromFinalize: false, start: 0, end: 0 };
    h.asr({ type: 'final', text: 'a tune-up', ...last });
    expect(h.turns.map((t) => [t.text, t.confidence])).toEqual([['I need a tune-up', 0.5]]);
  });

  test('an interim that holds still is understood ahead; the matching final carries the result', async () => {
    const h = setup({ speculation: true, expecting: 'name' });
    h.frames(LOUD, 200);
    h.interim('my name is Dana Whitfield');
    h.frames(LOUD, STABLE_MS + FRAME_MS);
    await settle();
    h.final('my name is Dana Whitfield', { speechFinal: true });
    expect(h.turns).toHaveLength(1);
    const spec = h.turns[0]!.speculation!;
    expect(spec.text).toBe('my name is Dana Whitfield');
    expect((await spec.result).slots.name).toBeTruthy();
  });

  test('a final that differs from the speculated interim gets no speculation', () => {
    const h = setup({ speculation: true, expecting: 'name' });
    h.interim('my name is Dana');
    h.frames(LOUD, STABLE_MS + FRAME_MS);
    h.final('my name is Dana Whitfield', { speechFinal: true });
    expect(h.turns[0]!.speculation).toBeNull();
  });

  test('an empty final after speech is an unintelligible turn; one without speech is nothing', () => {
    const h = setup();
    h.final('', { speechFinal: true });
    expect(h.turns).toHaveLength(0);
    h.frames(LOUD, 300);
    h.frames(QUIET, 300);
    h.final('', { speechFinal: true });
    expect(h.turns).toHaveLength(1);
    expect(h.turns[0]).toMatchObject({ kind: 'unintelligible', text: '', confidence: 0 });
    // The same stretch of speech is not answered twice.
    h.final('', { speechFinal: true });
    expect(h.turns).toHaveLength(1);
  });

  test('while the call is closing, finals are dropped', () => {
    const h = setup();
    h.call.closing = true;
    h.final('hello?', { speechFinal: true });
    expect(h.turns).toHaveLength(0);
  });
});

describe('adaptive endpoint', () => {
  /** Says a confident "yes" and stays quiet until our silence check takes the turn. */
  async function earlyYes(h: ReturnType<typeof setup>) {
    h.frames(LOUD, 300);
    h.interim('yes');
    h.frames(LOUD, STABLE_MS + FRAME_MS);
    await settle();
    h.frames(QUIET, VAD_SILENCE_MS + 2 * FRAME_MS);
  }

  test('silence after a confident answer takes the turn early, before the ASR endpoints', async () => {
    const h = setup({ speculation: true, adaptive: true });
    await earlyYes(h);
    expect(h.turns).toHaveLength(1);
    expect(h.turns[0]).toMatchObject({ kind: 'early', text: 'yes', source: 'silence' });
    expect(h.turns[0]!.speculation).not.toBeNull();
    expect(h.detector.busy).toBe(true); // settled only when the ASR catches up
  });

  test('the ASR then agreeing is no second turn', async () => {
    const h = setup({ speculation: true, adaptive: true });
    await earlyYes(h);
    h.final('Yes.', { fromFinalize: true });
    expect(h.turns).toHaveLength(1);
    expect(h.adaptive).toEqual([false]);
    h.asr({ type: 'utterance-end', lastWordEnd: 0 });
    expect(h.turns).toHaveLength(1);
    expect(h.detector.busy).toBe(false);
  });

  test('the ASR disagreeing is a new turn with what it heard', async () => {
    const h = setup({ speculation: true, adaptive: true });
    await earlyYes(h);
    h.final('yes but on Tuesday', { fromFinalize: true });
    expect(h.adaptive).toEqual([true]);
    expect(h.turns.map((t) => [t.kind, t.text])).toEqual([
      ['early', 'yes'],
      ['final', 'yes but on Tuesday'],
    ]);
  });

  test('the caller talking on after the early turn is a barge-in, and the early turn is wrong', async () => {
    const h = setup({ speculation: true, adaptive: true });
    await earlyYes(h);
    h.frames(LOUD, 100);
    expect(h.adaptive).toEqual([true]);
    expect(h.bargeIns()).toBe(1);
  });

  test('the ASR echoing the early turn while our reply plays does not cut the reply', async () => {
    const h = setup({ speculation: true, adaptive: true });
    await earlyYes(h);
    h.call.replying = true;
    h.interim('yes');
    expect(h.bargeIns()).toBe(0);
  });

  test('no early turn while a reply is running', async () => {
    const h = setup({ speculation: true, adaptive: true });
    h.call.running = true;
    await earlyYes(h);
    expect(h.turns).toHaveLength(0);
  });

  test('a refused early turn is forgotten: the ASR final is then a turn of its own', async () => {
    let refuse = true;
    const h = setup({ speculation: true, adaptive: true, accept: () => !refuse });
    await earlyYes(h);
    expect(h.turns).toHaveLength(0);
    refuse = false;
    h.final('yes', { speechFinal: true });
    expect(h.turns.map((t) => t.kind)).toEqual(['final']);
  });
});

describe('barge-in', () => {
  test('interim words while we speak are a barge-in', () => {
    const h = setup();
    h.call.replying = true;
    h.interim('wait, actually');
    expect(h.bargeIns()).toBe(1);
    expect(h.active()).toBe(1);
  });

  test('a backchannel while we speak is no barge-in and no turn', () => {
    const h = setup();
    h.call.replying = true;
    h.interim('uh huh');
    h.final('okay', { speechFinal: true });
    expect(h.bargeIns()).toBe(0);
    expect(h.turns).toHaveLength(0);
  });

  test('a backchannel while we are quiet is a turn (it may answer a question)', () => {
    const h = setup();
    h.final('okay', { speechFinal: true });
    expect(h.turns.map((t) => t.text)).toEqual(['okay']);
  });
});

describe('quiet line (audio to the ASR may be held)', () => {
  /** One caller frame; answers whether the line is quiet after it. */
  const stepper = (h: ReturnType<typeof setup>) => {
    let audioMs = 0;
    return (frame: Uint8Array) => {
      audioMs += FRAME_MS;
      h.timers.advance(FRAME_MS);
      h.detector.hear(frame, audioMs);
      h.detector.checkEndpoint(audioMs);
      return h.detector.lineQuiet(audioMs);
    };
  };

  test('quiet before the caller speaks; live from the first loud frame until the recognizer closes the speech', () => {
    const h = setup();
    const step = stepper(h);
    expect(step(QUIET)).toBe(true);
    // The first loud frame, before the voice-activity attack calls it speech.
    expect(step(LOUD)).toBe(false);
    for (let i = 0; i < 10; i++) expect(step(LOUD)).toBe(false);
    // Silence by our check, but the recognizer has not endpointed yet: it may hear speech later.
    for (let i = 0; i < 40; i++) expect(step(QUIET)).toBe(false);
    h.interim('tomorrow at');
    expect(step(QUIET)).toBe(false);
    h.final('tomorrow at three', { speechFinal: true });
    expect(h.turns).toHaveLength(1);
    expect(step(QUIET)).toBe(true);
  });

  test('an utterance end closes the speech too', () => {
    const h = setup();
    const step = stepper(h);
    for (let i = 0; i < 5; i++) step(LOUD);
    for (let i = 0; i < 20; i++) step(QUIET);
    h.final('tomorrow', {});
    expect(step(QUIET)).toBe(false);
    h.asr({ type: 'utterance-end', lastWordEnd: 0.1 });
    expect(step(QUIET)).toBe(true);
  });

  test('a noise the recognizer never answers for holds the line live for 1.5 s', () => {
    const h = setup();
    const step = stepper(h);
    for (let i = 0; i < 5; i++) step(LOUD);
    const quiet: boolean[] = [];
    for (let i = 0; i < 100; i++) quiet.push(step(QUIET));
    // The noise ends at 100 ms of audio; the line is quiet from 1600 ms (frame 74 after it).
    expect(quiet.indexOf(true)).toBe(74);
    expect(quiet.slice(74).every(Boolean)).toBe(true);
  });
});
