// The Media Streams decoder never throws, whatever arrives on the socket: arbitrary text, arbitrary
// JSON, and Twilio-shaped messages with fields of the wrong type. Well-formed messages decode to
// the values that were sent.
import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { decodeMessage, encodeCommand, MAX_MESSAGE_BYTES } from '../../src/carriers/twilio/media-codec.ts';
import { fcParams, timeoutFor } from './fc-config.ts';

const ERRORS = new Set([
  'binary_frame',
  'too_large',
  'bad_json',
  'not_an_object',
  'unknown_event',
  'missing_field',
  'wrong_type',
  'bad_payload',
]);

function wellFormed(r: ReturnType<typeof decodeMessage>): void {
  if (r.ok) {
    expect(typeof r.event.event).toBe('string');
  } else {
    expect(ERRORS.has(r.error)).toBe(true);
    expect(typeof r.detail).toBe('string');
  }
}

/** Any value a field might hold. */
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);

/** Twilio-shaped messages whose fields are sometimes right, sometimes anything. */
const twilioish = fc.record(
  {
    event: fc.oneof(fc.constantFrom('connected', 'start', 'media', 'mark', 'dtmf', 'stop', 'clear'), anyValue),
    sequenceNumber: fc.oneof(fc.nat().map(String), anyValue),
    streamSid: fc.oneof(fc.constant('MZ00000000000000000000000000000000'), anyValue),
    start: fc.oneof(
      fc.record(
        {
          streamSid: fc.oneof(fc.string(), anyValue),
          callSid: fc.oneof(fc.string(), anyValue),
          accountSid: fc.oneof(fc.string(), anyValue),
          tracks: fc.oneof(fc.array(fc.constantFrom('inbound', 'outbound')), anyValue),
          customParameters: fc.oneof(fc.dictionary(fc.string(), fc.string()), anyValue),
          mediaFormat: fc.oneof(
            fc.record({
              encoding: fc.oneof(fc.constant('audio/x-mulaw'), anyValue),
              sampleRate: fc.oneof(fc.constant(8000), anyValue),
              channels: fc.oneof(fc.constant(1), anyValue),
            }),
            anyValue,
          ),
        },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
    media: fc.oneof(
      fc.record(
        {
          track: fc.oneof(fc.constantFrom('inbound', 'outbound'), anyValue),
          chunk: fc.oneof(fc.nat().map(String), anyValue),
          timestamp: fc.oneof(fc.nat().map(String), anyValue),
          payload: fc.oneof(
            fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('base64')),
            fc.string(),
            anyValue,
          ),
        },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
    mark: fc.oneof(fc.record({ name: fc.oneof(fc.string(), anyValue) }, { requiredKeys: [] }), anyValue),
    dtmf: fc.oneof(
      fc.record(
        { digit: fc.oneof(fc.constantFrom('0', '1', '9', '*', '#'), fc.string(), anyValue) },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
    stop: fc.oneof(
      fc.record({ callSid: fc.oneof(fc.string(), anyValue), accountSid: fc.string() }, { requiredKeys: [] }),
      anyValue,
    ),
  },
  { requiredKeys: [] },
);

describe('Media Streams decoder properties', () => {
  test(
    'arbitrary text never throws',
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (s) => {
          wellFormed(decodeMessage(s));
        }),
        fcParams(),
      );
    },
    timeoutFor(1),
  );

  test(
    'arbitrary JSON never throws',
    () => {
      fc.assert(
        fc.property(fc.json(), (s) => {
          wellFormed(decodeMessage(s));
        }),
        fcParams(),
      );
    },
    timeoutFor(1),
  );

  test(
    'Twilio-shaped messages with wrong field types never throw',
    () => {
      fc.assert(
        fc.property(twilioish, (m) => {
          wellFormed(decodeMessage(JSON.stringify(m)));
        }),
        fcParams(2),
      );
    },
    timeoutFor(2, 2),
  );

  test(
    'binary frames and oversized text are refused, not parsed',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 2000 }), fc.nat({ max: 1000 }), (bytes, extra) => {
          const bin = decodeMessage(bytes);
          expect(bin.ok).toBe(false);
          const big = decodeMessage(`{"event":"media","pad":"${'x'.repeat(MAX_MESSAGE_BYTES + extra)}"}`);
          expect(!big.ok && big.error).toBe('too_large');
        }),
        fcParams(0.1),
      );
    },
    timeoutFor(5, 0.1),
  );

  test(
    'well-formed media messages decode to the bytes that were sent',
    () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 1, maxLength: 1600 }),
          fc.nat({ max: 1e9 }),
          fc.nat({ max: 1e9 }),
          fc.nat({ max: 1e9 }),
          (bytes, seq, chunk, ts) => {
            const r = decodeMessage(
              JSON.stringify({
                event: 'media',
                sequenceNumber: String(seq),
                streamSid: 'MZ00000000000000000000000000000000',
                media: {
                  track: 'inbound',
                  chunk: String(chunk),
                  timestamp: String(ts),
                  payload: Buffer.from(bytes).toString('base64'),
                },
              }),
            );
            expect(r.ok).toBe(true);
            if (!r.ok || r.event.event !== 'media') return;
            expect(r.event.sequenceNumber).toBe(seq);
            expect(r.event.chunk).toBe(chunk);
            expect(r.event.timestamp).toBe(ts);
            expect(Buffer.from(r.event.payload).equals(Buffer.from(bytes))).toBe(true);
          },
        ),
        fcParams(),
      );
    },
    timeoutFor(1),
  );

  test(
    'marks we send come back as the same marks',
    () => {
      fc.assert(
        fc.property(fc.string({ minLength: 1, maxLength: 64 }), (name) => {
          const out = JSON.parse(encodeCommand({ event: 'mark', streamSid: 'MZ1', name })) as {
            mark: { name: string };
          };
          const echo = decodeMessage(
            JSON.stringify({ event: 'mark', sequenceNumber: '5', streamSid: 'MZ1', mark: out.mark }),
          );
          expect(echo.ok && echo.event.event === 'mark' && echo.event.name).toBe(name);
        }),
        fcParams(),
      );
    },
    timeoutFor(1),
  );
});
