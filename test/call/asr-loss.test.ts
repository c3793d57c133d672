// The wait for a key after the "press 1" offer runs on the call's line clock: caller audio
// received (carriers send silence too), or wall time when the line stops sending.
import { describe, expect, test } from 'bun:test';
import { AsrLoss } from '../../src/call/asr-loss.ts';
import type { ReplyPart } from '../../src/call/ports.ts';
import { manualTimers } from '../helpers/manual-timers.ts';

async function partsOf(reply: () => AsyncIterable<ReplyPart>): Promise<ReplyPart[]> {
  const out: ReplyPart[] = [];
  for await (const p of reply()) out.push(p);
  return out;
}

function harness(pendingAfterOffer = 4_000) {
  const timers = manualTimers();
  let audioMs = 0;
  const said: { reply: () => AsyncIterable<ReplyPart>; final: boolean }[] = [];
  const notes: string[] = [];
  let queued: ((pending: number) => void) | null = null;
  const loss = new AsrLoss({
    say: (reply, final) => said.push({ reply, final }),
    notifyBusiness: (body) => notes.push(body),
    callerPhone: '+15125550123',
    afterQueued: (fn) => {
      queued = fn;
    },
    keypadWaitMs: 10_000,
    lineMs: () => Math.max(audioMs, timers.now()),
    timers,
  });
  return {
    loss,
    said,
    notes,
    timers,
    /** The offer has been sent to the carrier, with this much line time still to play. */
    offerSent: () => queued?.(pendingAfterOffer),
    hear(ms: number) {
      audioMs += ms;
      loss.audio();
    },
  };
}

describe('the wait for a key after the recognizer is lost', () => {
  test('the offer is said, the business told, and nothing ends the call before the wait', async () => {
    const h = harness();
    h.loss.start();
    h.offerSent();
    expect(h.said).toHaveLength(1);
    expect(h.said[0]!.final).toBe(false);
    expect(h.notes[0]).toContain('could not be heard');
    // The offer itself plays for 4 s of line time, then the caller has 10 s.
    h.hear(13_900);
    expect(h.said).toHaveLength(1);
    h.hear(200);
    expect(h.said).toHaveLength(2);
    expect(h.said[1]!.final).toBe(true);
    const parts = await partsOf(h.said[1]!.reply);
    expect(parts).toContainEqual({ type: 'end', outcome: 'asr_lost' });
  });

  test('a compressed line: seconds of audio in no wall time still count, and a key inside them is taken', async () => {
    const h = harness(0);
    h.loss.start();
    h.offerSent();
    h.hear(9_000);
    h.loss.key('1');
    expect(h.said).toHaveLength(2);
    const [first] = await partsOf(h.said[1]!.reply);
    expect(first).toMatchObject({ type: 'phrase', id: 'asrLostCallback' });
    expect(h.notes[1]).toContain('asked for a callback');
    // Nothing more: the goodbye is not said on top of the callback line.
    h.hear(20_000);
    h.timers.advance(20_000);
    expect(h.said).toHaveLength(2);
  });

  test('a line that stops sending audio still ends after the wait, by the wall clock', async () => {
    const h = harness(0);
    h.loss.start();
    h.offerSent();
    h.timers.advance(9_999);
    expect(h.said).toHaveLength(1);
    h.timers.advance(1);
    expect(h.said).toHaveLength(2);
    const [first] = await partsOf(h.said[1]!.reply);
    expect(first).toMatchObject({ type: 'phrase', id: 'asrLostGoodbye' });
  });

  test('any other key ends the call with the goodbye; keys before the offer do nothing', async () => {
    const h = harness();
    h.loss.key('1');
    expect(h.said).toHaveLength(0);
    h.loss.start();
    h.offerSent();
    h.loss.key('2');
    const [first] = await partsOf(h.said[1]!.reply);
    expect(first).toMatchObject({ type: 'phrase', id: 'asrLostGoodbye' });
    expect(h.notes).toHaveLength(1);
  });
});
