import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import {
  MAX_MESSAGE_BYTES,
  decodeMessage,
  encodeCommand,
  isMulaw8kMono,
  type TelnyxEvent,
} from '../../../src/carriers/telnyx/media-codec.ts';

const STREAM = '32DE0DEA-53CB-4B21-89A4-9E1819C043BC';
const CALL = 'v2:T02llQxIyaRkhfRKxgAP8nY511EhFLizdvdUKJiSw8d6A9BborherQ';

/** The documented start frame example. */
const START = {
  event: 'start',
  sequence_number: '1',
  stream_id: STREAM,
  start: {
    user_id: '3E6F995F-85F7-4705-9741-53B116D28237',
    call_control_id: CALL,
    call_session_id: 'ff55a038-6f5d-11ef-9692-02420aeffb1f',
    from: '+13122010094',
    to: '+13122123456',
    tags: ['TAG1', 'TAG2'],
    client_state: 'aGF2ZSBhIG5pY2UgZGF5ID1d',
    custom_parameters: { customer_id: 'customer_123' },
    media_format: { encoding: 'PCMU', sample_rate: 8000, channels: 1 },
  },
};

function decoded(msg: unknown): TelnyxEvent {
  const r = decodeMessage(JSON.stringify(msg));
  if (!r.ok) throw new Error(`${r.error}: ${r.detail}`);
  return r.event;
}

const withStart = (over: Record<string, unknown>) => ({ ...START, start: { ...START.start, ...over } });

describe('Telnyx media codec: decode', () => {
  test('connected', () => {
    expect(decoded({ event: 'connected', version: '1.0.0' })).toEqual({ event: 'connected', version: '1.0.0' });
  });

  test('the documented start frame', () => {
    expect(decoded(START)).toEqual({
      event: 'start',
      sequenceNumber: 1,
      streamId: STREAM,
      start: {
        callControlId: CALL,
        callSessionId: 'ff55a038-6f5d-11ef-9692-02420aeffb1f',
        from: '+13122010094',
        to: '+13122123456',
        clientState: 'aGF2ZSBhIG5pY2UgZGF5ID1d',
        customParameters: { customer_id: 'customer_123' },
        mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
      },
    });
  });

  test('a start with null optional fields', () => {
    const ev = decoded(
      withStart({ from: null, client_state: null, custom_parameters: null, call_session_id: undefined }),
    );
    if (ev.event !== 'start') throw new Error('expected start');
    expect(ev.start.from).toBeNull();
    expect(ev.start.clientState).toBeNull();
    expect(ev.start.customParameters).toEqual({});
    expect(ev.start.callSessionId).toBeNull();
  });

  test('a start in another format is decoded as that format (conversion is the edge’s choice)', () => {
    const ev = decoded(withStart({ media_format: { encoding: 'L16', sample_rate: 16000, channels: 1 } }));
    if (ev.event !== 'start') throw new Error('expected start');
    expect(ev.start.mediaFormat).toEqual({ encoding: 'L16', sampleRate: 16000, channels: 1 });
    expect(isMulaw8kMono(ev.start.mediaFormat)).toBe(false);
    expect(isMulaw8kMono({ encoding: 'PCMU', sampleRate: 8000, channels: 1 })).toBe(true);
    expect(isMulaw8kMono({ encoding: 'PCMA', sampleRate: 8000, channels: 1 })).toBe(false);
  });

  test('media payload bytes exactly, with string counters', () => {
    const bytes = new Uint8Array(160).map((_, i) => i);
    const ev = decoded({
      event: 'media',
      sequence_number: '4',
      media: { track: 'inbound', chunk: '2', timestamp: '40', payload: Buffer.from(bytes).toString('base64') },
      stream_id: STREAM,
    });
    if (ev.event !== 'media') throw new Error('expected media');
    expect([...ev.payload]).toEqual([...bytes]);
    expect(ev).toMatchObject({ sequenceNumber: 4, streamId: STREAM, track: 'inbound', chunk: 2, timestamp: 40 });
  });

  test('media without the optional fields defaults to inbound, 0, 0 and no ids', () => {
    const ev = decoded({ event: 'media', media: { payload: 'AAAA' } });
    expect(ev).toMatchObject({
      event: 'media',
      sequenceNumber: null,
      streamId: null,
      track: 'inbound',
      chunk: 0,
      timestamp: 0,
    });
  });

  test('mark, dtmf, stop and error frames', () => {
    expect(decoded({ event: 'mark', sequence_number: '9', stream_id: STREAM, mark: { name: 'r1.end' } })).toEqual({
      event: 'mark',
      sequenceNumber: 9,
      streamId: STREAM,
      name: 'r1.end',
    });
    const dtmf = { event: 'dtmf', stream_id: STREAM, occurred_at: 'x', sequence_number: '2', dtmf: { digit: '#' } };
    expect(decoded(dtmf)).toEqual({
      event: 'dtmf',
      sequenceNumber: 2,
      streamId: STREAM,
      digit: '#',
    });
    const stop = { event: 'stop', sequence_number: '5', stop: { call_control_id: CALL }, stream_id: STREAM };
    expect(decoded(stop)).toEqual({
      event: 'stop',
      sequenceNumber: 5,
      streamId: STREAM,
      callControlId: CALL,
    });
    const bareStop = { event: 'stop' as const, sequenceNumber: null, streamId: null, callControlId: null };
    expect(decoded({ event: 'stop' })).toEqual(bareStop);
    const payload = { code: 100002, title: 'unknown_error', detail: 'An unknown error occurred' };
    expect(decoded({ event: 'error', stream_id: STREAM, payload })).toEqual({
      event: 'error',
      sequenceNumber: null,
      streamId: STREAM,
      ...payload,
    });
    expect(decoded({ event: 'error' })).toEqual({
      event: 'error',
      sequenceNumber: null,
      streamId: null,
      code: null,
      title: 'error',
      detail: '',
    });
  });

  test.each([
    ['binary', new Uint8Array([1, 2, 3]), 'binary_frame'],
    ['an ArrayBuffer', new ArrayBuffer(4), 'binary_frame'],
    ['too large', 'x'.repeat(MAX_MESSAGE_BYTES + 1), 'too_large'],
    ['not JSON', '{nope', 'bad_json'],
    ['an array', '[1,2]', 'not_an_object'],
    ['null', 'null', 'not_an_object'],
    ['no event', '{}', 'missing_field'],
    ['an unknown event', '{"event":"hello"}', 'unknown_event'],
    ['start without sequence_number', JSON.stringify({ ...START, sequence_number: undefined }), 'missing_field'],
    ['start with a negative sequence_number', JSON.stringify({ ...START, sequence_number: '-1' }), 'wrong_type'],
    ['start without stream_id', JSON.stringify({ ...START, stream_id: undefined }), 'missing_field'],
    ['start without start', JSON.stringify({ ...START, start: undefined }), 'missing_field'],
    ['start without call_control_id', JSON.stringify(withStart({ call_control_id: undefined })), 'missing_field'],
    [
      'start with non-string custom parameters',
      JSON.stringify(withStart({ custom_parameters: { a: 1 } })),
      'wrong_type',
    ],
    ['start with an array of custom parameters', JSON.stringify(withStart({ custom_parameters: ['a'] })), 'wrong_type'],
    ['start with a numeric client_state', JSON.stringify(withStart({ client_state: 7 })), 'wrong_type'],
    ['start without media_format', JSON.stringify(withStart({ media_format: undefined })), 'missing_field'],
    [
      'start with an unknown encoding',
      JSON.stringify(withStart({ media_format: { encoding: 'MP3', sample_rate: 8000 } })),
      'wrong_type',
    ],
    [
      'start with a zero sample rate',
      JSON.stringify(withStart({ media_format: { encoding: 'PCMU', sample_rate: 0 } })),
      'wrong_type',
    ],
    [
      'start with zero channels',
      JSON.stringify(withStart({ media_format: { encoding: 'PCMU', sample_rate: 8000, channels: 0 } })),
      'wrong_type',
    ],
    ['media without media', '{"event":"media"}', 'missing_field'],
    ['media without payload', '{"event":"media","media":{}}', 'missing_field'],
    ['media with a numeric payload', '{"event":"media","media":{"payload":5}}', 'wrong_type'],
    ['media with non-base64 payload', '{"event":"media","media":{"payload":"!!!!"}}', 'bad_payload'],
    ['media with unpadded base64', '{"event":"media","media":{"payload":"AAA"}}', 'bad_payload'],
    [
      'media with an oversized payload',
      JSON.stringify({ event: 'media', media: { payload: 'A'.repeat(12_000) } }),
      'bad_payload',
    ],
    ['media on an unknown track', '{"event":"media","media":{"payload":"AAAA","track":"both"}}', 'wrong_type'],
    ['media with a bad chunk', '{"event":"media","media":{"payload":"AAAA","chunk":"x"}}', 'wrong_type'],
    ['media with a bad timestamp', '{"event":"media","media":{"payload":"AAAA","timestamp":-1}}', 'wrong_type'],
    ['a bad sequence_number after start', '{"event":"mark","sequence_number":"one","mark":{"name":"a"}}', 'wrong_type'],
    ['a numeric stream_id', '{"event":"mark","stream_id":5,"mark":{"name":"a"}}', 'wrong_type'],
    ['mark without mark', '{"event":"mark"}', 'missing_field'],
    ['mark with an empty name', '{"event":"mark","mark":{"name":""}}', 'missing_field'],
    ['dtmf without dtmf', '{"event":"dtmf"}', 'missing_field'],
    ['dtmf with two digits', '{"event":"dtmf","dtmf":{"digit":"12"}}', 'wrong_type'],
    ['dtmf with a letter outside A-D', '{"event":"dtmf","dtmf":{"digit":"E"}}', 'wrong_type'],
  ])('refuses %s', (_name, input, error) => {
    const r = decodeMessage(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe(error as typeof r.error);
  });

  test('never throws, whatever arrives', () => {
    const anyJson = fc.jsonValue().map((v) => JSON.stringify(v));
    const framed = fc
      .record({
        event: fc.constantFrom('start', 'media', 'mark', 'dtmf', 'stop', 'error', 'connected', 'clear'),
        sequence_number: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)),
        stream_id: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)),
        start: fc.jsonValue(),
        media: fc.oneof(
          fc.jsonValue(),
          fc.record({ payload: fc.base64String(), track: fc.jsonValue(), chunk: fc.jsonValue() }),
        ),
        mark: fc.jsonValue(),
        dtmf: fc.jsonValue(),
        stop: fc.jsonValue(),
        payload: fc.jsonValue(),
      })
      .map((v) => JSON.stringify(v));
    fc.assert(
      fc.property(fc.oneof(fc.string(), anyJson, framed), (s) => {
        const r = decodeMessage(s);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });
});

describe('Telnyx media codec: encode', () => {
  test('media carries only the base64 payload', () => {
    const bytes = new Uint8Array([0, 1, 254, 255]);
    const json = JSON.parse(encodeCommand({ event: 'media', payload: bytes }));
    expect(json).toEqual({ event: 'media', media: { payload: Buffer.from(bytes).toString('base64') } });
  });

  test('media from a view into a larger buffer encodes only the view', () => {
    const big = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const json = JSON.parse(encodeCommand({ event: 'media', payload: big.subarray(2, 5) }));
    expect([...Buffer.from(json.media.payload, 'base64')]).toEqual([1, 2, 3]);
  });

  test('mark and clear', () => {
    const mark = JSON.parse(encodeCommand({ event: 'mark', name: 'r1 "quoted"' }));
    expect(mark).toEqual({ event: 'mark', mark: { name: 'r1 "quoted"' } });
    expect(JSON.parse(encodeCommand({ event: 'clear' }))).toEqual({ event: 'clear' });
  });

  test('what we encode, Telnyx-side decoding reads back (media and mark round-trip)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 800 }), fc.string({ minLength: 1, maxLength: 64 }), (bytes, name) => {
        const media = decodeMessage(encodeCommand({ event: 'media', payload: bytes }));
        if (!media.ok || media.event.event !== 'media') throw new Error('media did not round-trip');
        expect([...media.event.payload]).toEqual([...bytes]);
        const mark = decodeMessage(encodeCommand({ event: 'mark', name }));
        expect(mark.ok && mark.event.event === 'mark' && mark.event.name).toBe(name);
      }),
      { numRuns: 200 },
    );
  });
});
