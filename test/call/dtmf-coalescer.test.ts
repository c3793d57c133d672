// Keypad digits pressed together are one input; a flood is bounded per input.
import { describe, expect, test } from 'bun:test';
import { DtmfCoalescer } from '../../src/call/dtmf-coalescer.ts';
import { manualTimers } from '../helpers/manual-timers.ts';

function coalescer(windowMs = 400, maxDigits = 20) {
  const timers = manualTimers();
  const inputs: Array<{ digits: string; dropped: number }> = [];
  const onInput = (digits: string, dropped: number) => inputs.push({ digits, dropped });
  const c = new DtmfCoalescer({ windowMs, maxDigits, timers, onInput });
  return { c, timers, inputs };
}

describe('DtmfCoalescer', () => {
  test('"1234#" pressed in one go is one input, sent at the #', () => {
    const { c, timers, inputs } = coalescer();
    for (const d of '1234') {
      c.push(d);
      timers.advance(50);
    }
    expect(inputs).toEqual([]);
    c.push('#');
    expect(inputs).toEqual([{ digits: '1234#', dropped: 0 }]);
    expect(timers.pending()).toBe(0);
  });

  test('a single key is sent when its window closes', () => {
    const { c, timers, inputs } = coalescer();
    c.push('1');
    expect(c.pending).toBe(true);
    timers.advance(399);
    expect(inputs).toEqual([]);
    timers.advance(1);
    expect(inputs).toEqual([{ digits: '1', dropped: 0 }]);
    expect(c.pending).toBe(false);
  });

  test('keys in separate windows are separate inputs', () => {
    const { c, timers, inputs } = coalescer();
    c.push('1');
    timers.advance(500);
    c.push('2');
    timers.advance(500);
    expect(inputs.map((i) => i.digits)).toEqual(['1', '2']);
  });

  test('2,000 digits at once are one input of at most the cap, the rest dropped', () => {
    const { c, timers, inputs } = coalescer(400, 20);
    for (let i = 0; i < 2000; i++) c.push(String(i % 10));
    timers.advance(400);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]!.digits).toHaveLength(20);
    expect(inputs[0]!.dropped).toBe(1980);
  });

  test('a zero window sends every key at once (no grouping)', () => {
    const { c, inputs } = coalescer(0);
    c.push('1');
    c.push('2');
    expect(inputs.map((i) => i.digits)).toEqual(['1', '2']);
  });

  test('close() forgets pending digits', () => {
    const { c, timers, inputs } = coalescer();
    c.push('1');
    c.close();
    timers.advance(1000);
    expect(inputs).toEqual([]);
  });
});
