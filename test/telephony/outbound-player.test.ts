import { describe, expect, test } from 'bun:test';
import { FRAME_BYTES, OutboundPlayer, type PlayedSegment } from '../../src/telephony/outbound-player.ts';
import { manualTimers } from '../helpers/manual-timers.ts';

type Sent =
  | { kind: 'media'; bytes: Uint8Array; at: number }
  | { kind: 'mark'; name: string; at: number }
  | { kind: 'clear'; at: number };

/** Audio whose every byte says where it came from, so order and loss are visible. */
function numbered(frames: number, offset = 0): Uint8Array {
  const out = new Uint8Array(frames * FRAME_BYTES);
  for (let i = 0; i < out.length; i++) out[i] = (Math.floor(i / FRAME_BYTES) + offset) % 251;
  return out;
}

function setup(leadMs = 400, framesPerMessage?: number) {
  const timers = manualTimers(1000);
  const sent: Sent[] = [];
  const played: PlayedSegment[] = [];
  const player = new OutboundPlayer({
    sendMedia: (bytes) => {
      sent.push({ kind: 'media', bytes: bytes.slice(), at: timers.now() });
      return true;
    },
    sendMark: (name) => sent.push({ kind: 'mark', name, at: timers.now() }),
    sendClear: () => sent.push({ kind: 'clear', at: timers.now() }),
    leadMs,
    ...(framesPerMessage ? { framesPerMessage } : {}),
    timers,
    onSegmentPlayed: (s) => played.push(s),
  });
  const media = () => sent.filter((s): s is Extract<Sent, { kind: 'media' }> => s.kind === 'media');
  return { timers, sent, player, played, media };
}

describe('outbound audio', () => {
  test('every message carries whole 20 ms frames, in order, nothing lost or duplicated', () => {
    const { player, timers, media } = setup();
    const audio = numbered(150); // 3 s
    player.beginSegment('a');
    // Arbitrary chunk sizes, as a TTS engine produces them.
    for (let o = 0; o < audio.length; ) {
      const n = Math.min(audio.length - o, 37 + (o % 311));
      player.push(audio.subarray(o, o + n));
      o += n;
    }
    player.endSegment();
    timers.advance(5000);
    const msgs = media();
    expect(msgs.length).toBeGreaterThan(1);
    for (const m of msgs) expect(m.bytes.length % FRAME_BYTES).toBe(0);
    const joined = Buffer.concat(msgs.map((m) => m.bytes));
    expect(joined.length).toBe(audio.length);
    expect(Buffer.compare(joined, Buffer.from(audio))).toBe(0);
  });

  test('after the first lead, audio leaves in whole chunks of framesPerMessage, not a frame per wake', () => {
    const { player, timers, media } = setup(400, 5);
    player.beginSegment('a');
    player.push(numbered(150)); // 3 s
    player.endSegment();
    for (let step = 0; step < 400; step++) timers.advance(10);
    const sizes = media().map((m) => m.bytes.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(150 * FRAME_BYTES);
    // Every message but the last is a whole 100 ms chunk: 30 messages for 3 s, not ~130.
    expect(sizes.slice(0, -1).every((n) => n === 5 * FRAME_BYTES)).toBe(true);
    expect(sizes.length).toBe(30);
  });

  test('a partial last frame is padded with μ-law silence, never sent short', () => {
    const { player, timers, media } = setup();
    player.beginSegment('a');
    player.push(new Uint8Array(FRAME_BYTES + 10).fill(7));
    player.endSegment();
    timers.advance(1000);
    const joined = Buffer.concat(media().map((m) => m.bytes));
    expect(joined.length).toBe(2 * FRAME_BYTES);
    expect(joined[FRAME_BYTES + 9]).toBe(7);
    expect(joined[FRAME_BYTES + 10]).toBe(0xff);
  });

  test('the first lead window leaves at once; the rest no further ahead than the lead', () => {
    const { player, timers, media } = setup(400);
    player.beginSegment('a');
    player.push(numbered(100)); // 2 s
    player.endSegment();
    const firstBurst = media().reduce((n, m) => n + m.bytes.length, 0);
    expect(firstBurst).toBe(400 * 8); // 400 ms immediately, before any timer fires
    for (let step = 0; step < 200; step++) {
      timers.advance(10);
      const sentMs = media().reduce((n, m) => n + m.bytes.length, 0) / 8;
      const elapsed = timers.now() - 1000;
      expect(sentMs - Math.min(elapsed, sentMs)).toBeLessThanOrEqual(400);
    }
  });

  test('a mark is sent right after the audio it follows', () => {
    const { player, timers, sent } = setup();
    player.beginSegment('s1');
    player.push(numbered(30));
    player.endSegment();
    player.beginSegment('s2');
    player.push(numbered(10));
    player.endSegment();
    timers.advance(2000);
    const order = sent.map((s) => (s.kind === 'mark' ? `mark:${s.name}` : s.kind));
    const m1 = order.indexOf('mark:s1');
    const m2 = order.indexOf('mark:s2');
    expect(m1).toBeGreaterThan(0);
    expect(m2).toBeGreaterThan(m1);
    // All of s1's 30 frames went before its mark; s2's frames after it.
    const before = sent.slice(0, m1).reduce((n, s) => n + (s.kind === 'media' ? s.bytes.length : 0), 0);
    expect(before).toBe(30 * FRAME_BYTES);
    const between = sent.slice(m1, m2).reduce((n, s) => n + (s.kind === 'media' ? s.bytes.length : 0), 0);
    expect(between).toBe(10 * FRAME_BYTES);
  });

  test('the heard position follows the playback clock and snaps to echoed marks', () => {
    const { player, timers, played } = setup();
    player.beginSegment('s1');
    player.push(numbered(50)); // 1 s
    player.endSegment();
    timers.advance(300);
    expect(player.playedMs()).toBeCloseTo(300, 0);
    // Twilio started playing late (network): its mark arrives at 1.2 s, not 1.0 s.
    timers.advance(900);
    expect(player.playedMs()).toBe(1000); // never beyond what was sent
    expect(player.onMark('s1')).toBe(true);
    expect(played).toEqual([{ id: 's1', durationMs: 1000, heardMs: 1000, cleared: false }]);
    player.beginSegment('s2');
    player.push(numbered(25));
    player.endSegment();
    timers.advance(200);
    expect(player.playedMs()).toBeCloseTo(1200, 0);
    expect(player.onMark('unknown')).toBe(false);
  });

  test('clear drops everything unplayed and reports how much of the sentence was heard', () => {
    const { player, timers, sent, media } = setup();
    player.beginSegment('s1');
    player.push(numbered(100)); // 2 s
    player.endSegment();
    timers.advance(700);
    const cut = player.clear();
    expect(sent.at(-1)?.kind).toBe('clear');
    expect(cut).toHaveLength(1);
    expect(cut[0]!.id).toBe('s1');
    expect(cut[0]!.cleared).toBe(true);
    expect(cut[0]!.heardMs).toBeCloseTo(700, 0);
    expect(cut[0]!.durationMs).toBe(2000);
    const count = media().length;
    timers.advance(3000);
    expect(media().length).toBe(count); // nothing more of s1 leaves
    expect(player.isSpeaking()).toBe(false);
    // The next sentence starts cleanly after the clear.
    player.beginSegment('s2');
    player.push(numbered(5));
    player.endSegment();
    expect(media().length).toBe(count + 1);
    // Twilio echoes cleared marks; they are recognised and ignored.
    expect(player.onMark('s1')).toBe(false);
  });

  test('consecutive sentences play back to back without gaps', () => {
    const { player, timers } = setup();
    for (let i = 0; i < 5; i++) {
      player.beginSegment(`s${i}`);
      player.push(numbered(20, i));
      player.endSegment();
    }
    for (let i = 0; i < 100; i++) timers.advance(20);
    expect(player.stats.lateFrames).toBe(0);
    expect(player.stats.frames).toBe(100);
  });
});
