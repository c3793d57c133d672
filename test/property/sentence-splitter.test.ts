// The sentence splitter, fed any text in any chunking, never throws, loses or invents nothing
// (its sentences concatenate to the input, whitespace aside) and does not depend on how the
// stream was chunked.
import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { createSentenceSplitter } from '../../src/dialogue/sentence-splitter.ts';
import { fcParams, timeoutFor } from './fc-config.ts';

const squash = (s: string) => s.replace(/\s+/g, '');

/** Text that looks like LLM replies: words, numbers, prices, times, abbreviations and terminators. */
const replyLike = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'Sure',
        'we',
        'open',
        'at',
        'Dr.',
        'Lee',
        'e.g.',
        'p.m.',
        'a.m.',
        '$29.99',
        '3:30',
        '1.',
        '2.',
        'Oil',
        'change',
        '...',
        '?!',
        '!',
        '?',
        '.',
        '\n',
        '"Yes."',
        '(ok)',
        'St.',
        'No.',
        'U.S.',
        '’',
        '»',
      ),
      fc.string({ maxLength: 6 }),
      fc.nat({ max: 100 }).map(String),
    ),
    { maxLength: 40 },
  )
  .chain((words) =>
    fc
      .array(fc.constantFrom(' ', '', '  ', '\n'), { minLength: words.length, maxLength: words.length })
      .map((seps) => words.map((w, i) => w + seps[i]).join('')),
  );

const anyText = fc.oneof(replyLike, fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 }));

/** Cut points for streaming `text` as deltas. */
function chunked(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(text.slice(prev, c));
    prev = c;
  }
  out.push(text.slice(prev));
  return out;
}

function split(deltas: string[], minChars?: number): string[] {
  const s = createSentenceSplitter(minChars === undefined ? {} : { minChars });
  const out: string[] = [];
  for (const d of deltas) out.push(...s.push(d));
  out.push(...s.flush());
  return out;
}

describe('sentence splitter properties', () => {
  test(
    'output concatenates to the input (whitespace aside), for any chunking',
    () => {
      fc.assert(
        fc.property(
          anyText,
          fc.array(fc.nat(), { maxLength: 12 }),
          fc.option(fc.nat({ max: 40 }), { nil: undefined }),
          (text, cuts, minChars) => {
            const sentences = split(chunked(text, cuts), minChars);
            expect(squash(sentences.join(''))).toBe(squash(text));
            for (const s of sentences) {
              expect(s).toBe(s.trim());
              expect(s.length).toBeGreaterThan(0);
            }
          },
        ),
        fcParams(),
      );
    },
    timeoutFor(2),
  );

  test(
    'the sentences do not depend on how the stream was chunked',
    () => {
      fc.assert(
        fc.property(anyText, fc.array(fc.nat(), { maxLength: 12 }), (text, cuts) => {
          expect(split(chunked(text, cuts))).toEqual(split([text]));
        }),
        fcParams(),
      );
    },
    timeoutFor(2),
  );
});
