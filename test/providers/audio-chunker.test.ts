// The ASR send chunker: caller frames coalesced into fixed-size messages (larger while the line
// is quiet), nothing lost, nothing reordered, and whatever is pending sent on flush.
import { describe, expect, test } from 'bun:test';
import { AudioChunker, asrChunkBytes } from '../../src/providers/asr/audio-chunker.ts';

const frame = (seq: number, n = 160): Uint8Array => new Uint8Array(n).map((_, i) => (seq * 7 + i) & 0xff);
const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe('audio chunker', () => {
  test('coalesces 20 ms frames into one message per chunk, in order, with nothing lost', () => {
    const sent: Uint8Array[] = [];
    const c = new AudioChunker(asrChunkBytes(60), (b) => sent.push(b));
    const frames = Array.from({ length: 10 }, (_, i) => frame(i));
    for (const f of frames) c.push(f);
    expect(sent.map((s) => s.length)).toEqual([480, 480, 480]);
    expect(c.pendingBytes).toBe(160);
    c.flush();
    expect(sent.map((s) => s.length)).toEqual([480, 480, 480, 160]);
    expect(concat(sent)).toEqual(concat(frames));
  });

  test('flush sends a partial chunk once and is a no-op when nothing is pending', () => {
    const sent: Uint8Array[] = [];
    const c = new AudioChunker(asrChunkBytes(100), (b) => sent.push(b));
    c.push(frame(1));
    c.flush();
    c.flush();
    expect(sent).toEqual([frame(1)]);
    expect(c.pendingBytes).toBe(0);
  });

  test('keeps its own copy: the caller may reuse the buffer it pushed', () => {
    const sent: Uint8Array[] = [];
    const c = new AudioChunker(asrChunkBytes(40), (b) => sent.push(b));
    const scratch = new Uint8Array(160);
    scratch.fill(1);
    c.push(scratch);
    scratch.fill(2);
    c.push(scratch);
    scratch.fill(3);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subarray(0, 160).every((b) => b === 1)).toBe(true);
    expect(sent[0]!.subarray(160).every((b) => b === 2)).toBe(true);
    // Emitted chunks are never overwritten by later pushes.
    c.push(scratch);
    c.push(scratch);
    expect(sent[0]!.subarray(0, 160).every((b) => b === 1)).toBe(true);
  });

  test('odd-sized pushes straddling chunk boundaries keep every byte in order', () => {
    const sent: Uint8Array[] = [];
    const c = new AudioChunker(asrChunkBytes(20), (b) => sent.push(b));
    const parts = [frame(1, 100), frame(2, 300), frame(3, 7), frame(4, 500)];
    for (const p of parts) c.push(p);
    c.flush();
    expect(sent.slice(0, -1).every((s) => s.length === 160)).toBe(true);
    expect(concat(sent)).toEqual(concat(parts));
  });

  test('20 ms chunks pass frames straight through, one message each', () => {
    const sent: Uint8Array[] = [];
    const c = new AudioChunker(asrChunkBytes(20), (b) => sent.push(b));
    c.push(frame(1));
    c.push(frame(2));
    expect(sent).toEqual([frame(1), frame(2)]);
    expect(c.pendingBytes).toBe(0);
  });

  test('held audio goes out in hold-sized chunks; audio not held sends what was held first, at once', () => {
    const sent: Uint8Array[] = [];
    const c = new AudioChunker(asrChunkBytes(20), (b) => sent.push(b), asrChunkBytes(100));
    const quiet = Array.from({ length: 8 }, (_, i) => frame(i));
    for (const f of quiet) c.push(f, true);
    expect(sent.map((s) => s.length)).toEqual([800]);
    expect(c.pendingBytes).toBe(480);
    // Speech: the three held frames leave as one message, then the speech frame as its own.
    c.push(frame(100));
    expect(sent.map((s) => s.length)).toEqual([800, 480, 160]);
    c.push(frame(101));
    expect(sent.map((s) => s.length)).toEqual([800, 480, 160, 160]);
    expect(concat(sent)).toEqual(concat([...quiet, frame(100), frame(101)]));
  });

  test('without a hold size, held audio is chunked like any other', () => {
    const sent: Uint8Array[] = [];
    const c = new AudioChunker(asrChunkBytes(40), (b) => sent.push(b));
    for (let i = 0; i < 4; i++) c.push(frame(i), true);
    expect(sent.map((s) => s.length)).toEqual([320, 320]);
  });

  test('chunk size is clamped to whole frames between 20 and 100 ms', () => {
    expect(asrChunkBytes(20)).toBe(160);
    expect(asrChunkBytes(50)).toBe(320);
    expect(asrChunkBytes(100)).toBe(800);
    expect(asrChunkBytes(5)).toBe(160);
    expect(asrChunkBytes(1000)).toBe(800);
  });
});
