// The turn runner on a manual clock: replies run one at a time, a barge-in aborts the running
// one and clears the carrier's buffer, a slow reply gets the filler, the call hangs up only once
// its last mark comes back, and the caller's silence counts only after our audio has played.
// Speech comes from the real speaker, served from a phrase source; turns land in a real database.
import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { asc, eq } from 'drizzle-orm';
import { TurnRunner, type ReplySource, type TurnRunnerOptions } from '../../src/call/turn-runner.ts';
import { createCallRecorder } from '../../src/call/call-recorder.ts';
import { createSpeaker } from '../../src/call/speaker.ts';
import { TurnTimer } from '../../src/call/turn-timing.ts';
import type { ReplyPart } from '../../src/call/ports.ts';
import { createSentenceSplitter } from '../../src/dialogue/sentence-splitter.ts';
import { createEmbeddedTts } from '../../src/providers/tts/embedded.ts';
import type { WriteQueue } from '../../src/db/write-queue.ts';
import { callTurns } from '../../src/db/schema.ts';
import { createLogger } from '../../src/log.ts';
import type { DbHandle } from '../../src/db/client.ts';
import { callFixture } from '../api/seed.ts';
import { manualTimers, type ManualTimers } from '../helpers/manual-timers.ts';

const log = createLogger();
/** 200 ms of audio per phrase (μ-law silence): enough to be "speaking" for a while. */
const PHRASE_AUDIO = new Uint8Array(1600).fill(0xff);

let handle: DbHandle;
let writes: WriteQueue;
let callId: string;

beforeEach(async () => {
  ({ handle, writes, callId } = await callFixture());
});

afterEach(() => handle.close());

interface Line {
  media: number;
  marks: string[];
  clears: number;
  hangups: number;
}

function setup(extra: Partial<TurnRunnerOptions> = {}) {
  const timers = manualTimers(1000);
  const line: Line = { media: 0, marks: [], clears: 0, hangups: 0 };
  const cut: number[] = [];
  const tts = createEmbeddedTts();
  const speaker = createSpeaker({ tts, fallback: tts, voice: 'en-us', log, cache: { get: () => PHRASE_AUDIO } });
  const recorder = createCallRecorder({ callId, writes, wallNow: () => Date.now(), ttsUsage: speaker.usage });
  const runner = new TurnRunner({
    commands: {
      sendMedia: () => {
        line.media++;
        return true;
      },
      sendMark: (name) => line.marks.push(name),
      sendClear: () => line.clears++,
      hangup: () => line.hangups++,
    },
    conversation: { done: () => false },
    speaker,
    newSplitter: () => createSentenceSplitter(),
    sentenceStreaming: true,
    leadMs: 400,
    timeScale: 1,
    timers,
    recorder,
    log,
    onBargeIn: (segments) => cut.push(segments.length),
    ...extra,
  });
  return { runner, timers, line, cut };
}

/** Lets pending promise work run (no clock moves). */
async function drain(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Plays out in 20 ms steps while promise work catches up, until `done` or the limit. */
async function playUntil(timers: ManualTimers, done: () => boolean, maxMs = 10_000): Promise<void> {
  for (let t = 0; t < maxMs && !done(); t += 20) {
    timers.advance(20);
    await drain(2);
  }
}

/** The carrier's side: echoes every mark sent so far (their audio has played). */
function echoMarks(runner: TurnRunner, line: Line, from = 0): number {
  const marks = line.marks.slice(from);
  for (const m of marks) runner.onMark(m);
  return from + marks.length;
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

const say = (text: string, id = text): ReplyPart => ({ type: 'phrase', id, text });

async function turnRows() {
  await writes.flush(3);
  return handle.db.select().from(callTurns).where(eq(callTurns.callId, callId)).orderBy(asc(callTurns.index));
}

describe('the reply queue', () => {
  test('replies run one after another, in the order they were queued', async () => {
    const { runner } = setup();
    const started: string[] = [];
    const first = gate();
    const reply = (name: string, wait?: Promise<void>): ReplySource =>
      async function* () {
        started.push(name);
        if (wait) await wait;
        yield say(`${name} done.`);
      };
    runner.enqueue('one', reply('one', first.opened));
    runner.enqueue('two', reply('two'));
    await drain();
    expect(started).toEqual(['one']);
    expect(runner.running).toBe(true);
    first.open();
    await runner.idle();
    expect(started).toEqual(['one', 'two']);
    const rows = await turnRows();
    expect(rows.map((r) => [r.index, r.callerText, r.assistantText])).toEqual([
      [0, 'one', 'one done.'],
      [1, 'two', 'two done.'],
    ]);
  });

  test('a barge-in aborts the running reply and clears what the carrier buffered', async () => {
    const { runner, line, cut } = setup();
    let signal: AbortSignal | null = null;
    runner.enqueue('tell me everything', async function* (s) {
      signal = s;
      yield say('Here is a long answer.');
      await new Promise<void>((r) => s.addEventListener('abort', () => r()));
      yield say('Never said.');
    });
    await drain();
    expect(line.media).toBeGreaterThan(0);
    expect(runner.speaking).toBe(true);
    runner.bargeIn('speech');
    expect(signal!.aborted).toBe(true);
    expect(line.clears).toBe(1);
    expect(cut).toEqual([1]);
    await runner.idle();
    expect(runner.speaking).toBe(false);
    const [row] = await turnRows();
    expect(row!.assistantText).toBe('Here is a long answer.');
    expect(row!.latency).toMatchObject({ bargedIn: true });
  });

  test('nothing to cut: a barge-in while quiet sends no clear', async () => {
    const { runner, line } = setup();
    runner.bargeIn('speech');
    expect(line.clears).toBe(0);
  });
});

describe('filler', () => {
  const filler = { afterMs: 700, phrase: { id: 'oneMoment', text: 'One moment.' } };

  function slowTurn(runner: TurnRunner, timers: ManualTimers) {
    const answer = gate();
    const timer = new TurnTimer(timers.now);
    timer.mark('lastCallerAudio');
    runner.enqueue(
      'can you check',
      async function* () {
        await answer.opened;
        yield say('Yes, Tuesday works.');
      },
      timer,
    );
    return answer;
  }

  test('a reply not started by the deadline gets the filler first, then the answer', async () => {
    const { runner, timers, line } = setup({ filler });
    const answer = slowTurn(runner, timers);
    await drain();
    timers.advance(699);
    await drain();
    expect(line.media).toBe(0);
    timers.advance(1);
    await drain();
    expect(line.media).toBeGreaterThan(0); // the filler is playing while the answer is awaited
    answer.open();
    await runner.idle();
    const [row] = await turnRows();
    expect(row!.assistantText).toBe('One moment. Yes, Tuesday works.');
  });

  test('a reply ready before the deadline gets no filler', async () => {
    const { runner, timers } = setup({ filler });
    const answer = slowTurn(runner, timers);
    await drain();
    timers.advance(300);
    answer.open();
    await runner.idle();
    const [row] = await turnRows();
    expect(row!.assistantText).toBe('Yes, Tuesday works.');
  });
});

describe('acknowledgement before words still to be synthesized', () => {
  const acks = [
    { id: 'ack', text: 'Okay.' },
    { id: 'ack#1', text: 'Let me see.' },
  ];
  const filler = { afterMs: 700, phrase: { id: 'oneMoment', text: 'One moment.' }, acks };

  function callerTurn(runner: TurnRunner, timers: ManualTimers, parts: ReplyPart[]) {
    const timer = new TurnTimer(timers.now);
    timer.mark('lastCallerAudio');
    runner.enqueue(
      'tuesday at 1',
      async function* () {
        yield* parts;
      },
      timer,
    );
  }

  test('a reply that opens with dynamic text gets a cached acknowledgement first, varied by turn', async () => {
    const { runner, timers } = setup({ filler });
    callerTurn(runner, timers, [{ type: 'text', text: 'So that’s an AC repair on Tuesday. Shall I book it?' }]);
    callerTurn(runner, timers, [{ type: 'text', text: 'You’re all set.' }]);
    await runner.idle();
    const rows = await turnRows();
    expect(rows.map((r) => r.assistantText)).toEqual([
      'Okay. So that’s an AC repair on Tuesday. Shall I book it?',
      'Let me see. You’re all set.',
    ]);
  });

  test('a reply that opens with a cached phrase, or after the filler, gets no acknowledgement', async () => {
    const { runner, timers } = setup({ filler });
    callerTurn(runner, timers, [say('What day works best?'), { type: 'text', text: 'Tuesday is open.' }]);
    await runner.idle();
    const timer = new TurnTimer(timers.now);
    timer.mark('lastCallerAudio');
    const answer = gate();
    runner.enqueue(
      'can you check',
      async function* () {
        await answer.opened;
        yield { type: 'text', text: 'Yes, Tuesday works.' };
      },
      timer,
    );
    await drain();
    timers.advance(700);
    await drain();
    answer.open();
    await runner.idle();
    const rows = await turnRows();
    expect(rows.map((r) => r.assistantText)).toEqual([
      'What day works best? Tuesday is open.',
      'One moment. Yes, Tuesday works.',
    ]);
  });
});

describe('generated text then a fixed phrase', () => {
  test('the last generated sentence is said before the phrase that follows it', async () => {
    const { runner } = setup();
    runner.enqueue('do you have parking', async function* () {
      yield { type: 'llm-delta', text: 'Yes, there is ' };
      yield { type: 'llm-delta', text: 'free parking.' };
      yield say('Anything else I can do for you today?');
    });
    await runner.idle();
    const [row] = await turnRows();
    expect(row!.assistantText).toBe('Yes, there is free parking. Anything else I can do for you today?');
  });
});

describe('hang-up after playout', () => {
  const goodbye: ReplySource = async function* () {
    yield say('Goodbye!');
    yield { type: 'end', outcome: 'booked' };
  };

  test('the call hangs up when the last mark comes back, not before', async () => {
    const { runner, timers, line } = setup();
    runner.enqueue(null, goodbye);
    await runner.idle();
    await playUntil(timers, () => line.marks.includes('t0.end'));
    expect(line.marks).toEqual(['t0.0', 't0.end']);
    expect(runner.endingAfterPlayout).toBe(true);
    runner.onMark('t0.0');
    expect(line.hangups).toBe(0);
    runner.onMark('t0.end');
    expect(line.hangups).toBe(1);
    timers.advance(10_000); // the guard was cancelled
    expect(line.hangups).toBe(1);
  });

  test('a peer that never echoes marks is hung up on by the guard timer', async () => {
    const { runner, timers, line } = setup();
    runner.enqueue(null, goodbye);
    await runner.idle();
    // The guard allows for the audio still to play (at most the whole goodbye) plus 3 s.
    timers.advance(2_999);
    expect(line.hangups).toBe(0);
    timers.advance(PHRASE_AUDIO.length / 8 + 1);
    expect(line.hangups).toBe(1);
  });

  test('a stopped call is not hung up by the guard', async () => {
    const { runner, timers, line } = setup();
    runner.enqueue(null, goodbye);
    await runner.idle();
    runner.stop('stop');
    timers.advance(10_000);
    expect(line.hangups).toBe(0);
  });
});

describe('no input', () => {
  const limits = {
    silencePromptAfterMs: 3000,
    silenceMaxPrompts: 1,
    maxCallMs: 0,
    maxTurns: 0,
    dtmfWindowMs: 0,
    dtmfMaxDigits: 10,
  };

  test('the caller is prompted after their silence, counted from the end of our playout', async () => {
    let asked = 0;
    const conversation = {
      done: () => false,
      async *handleNoInput(): AsyncIterable<ReplyPart> {
        asked++;
        yield say('Are you still there?');
      },
    };
    const { runner, timers, line } = setup({ limits, conversation, callerBusy: () => false });
    runner.enqueue(null, async function* () {
      yield say('Thanks for calling. How can I help?');
    });
    await runner.idle();
    await playUntil(timers, () => line.marks.includes('t0.end'));
    // The greeting has not been heard yet: no silence counts while it plays.
    timers.advance(5_000);
    expect(asked).toBe(0);
    echoMarks(runner, line);
    timers.advance(2_000);
    expect(asked).toBe(0);
    timers.advance(1_500);
    await runner.idle();
    expect(asked).toBe(1);
  });

  test('a caller mid-turn is never prompted', async () => {
    let asked = 0;
    const conversation = {
      done: () => false,
      async *handleNoInput(): AsyncIterable<ReplyPart> {
        asked++;
        yield say('Are you still there?');
      },
    };
    const { runner, timers, line } = setup({ limits, conversation, callerBusy: () => true });
    runner.enqueue(null, async function* () {
      yield say('How can I help?');
    });
    await runner.idle();
    await playUntil(timers, () => line.marks.includes('t0.end'));
    echoMarks(runner, line);
    timers.advance(10_000);
    expect(asked).toBe(0);
  });

  test('past the turn cap the call says goodbye and hangs up after it', async () => {
    const { runner, timers, line } = setup({ limits: { ...limits, silencePromptAfterMs: 0, maxTurns: 1 } });
    expect(runner.admitCallerTurn()).toBe(true);
    expect(runner.admitCallerTurn()).toBe(false);
    expect(runner.closing).toBe(true);
    expect(runner.limitOutcome).toBe('turn_limit');
    await runner.idle();
    await playUntil(timers, () => line.marks.includes('t0.end'));
    echoMarks(runner, line);
    expect(line.hangups).toBe(1);
  });
});
