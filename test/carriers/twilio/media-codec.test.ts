import { describe, expect, test } from 'bun:test';
import { decodeMessage, encodeCommand } from '../../../src/carriers/twilio/media-codec.ts';

const SID = 'MZ00000000000000000000000000000000';
const CALL = 'CA11111111111111111111111111111111';

describe('Media Streams codec', () => {
  test('decodes a start with custom parameters and Twilio string numbers', () => {
    const r = decodeMessage(
      JSON.stringify({
        event: 'start',
        sequenceNumber: '1',
        streamSid: SID,
        start: {
          accountSid: 'AC00000000000000000000000000000000',
          streamSid: SID,
          callSid: CALL,
          tracks: ['inbound'],
          customParameters: { callId: 'c1', token: 't' },
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        },
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok || r.event.event !== 'start') throw new Error('expected start');
    expect(r.event.sequenceNumber).toBe(1);
    expect(r.event.start.callSid).toBe(CALL);
    expect(r.event.start.customParameters).toEqual({ callId: 'c1', token: 't' });
  });

  test('decodes media payload bytes exactly', () => {
    const bytes = new Uint8Array(160).map((_, i) => i);
    const r = decodeMessage(
      JSON.stringify({
        event: 'media',
        sequenceNumber: '2',
        streamSid: SID,
        media: { track: 'inbound', chunk: '1', timestamp: '5', payload: Buffer.from(bytes).toString('base64') },
      }),
    );
    if (!r.ok || r.event.event !== 'media') throw new Error('expected media');
    expect([...r.event.payload]).toEqual([...bytes]);
    expect(r.event.chunk).toBe(1);
    expect(r.event.timestamp).toBe(5);
  });

  test.each([
    ['binary', new Uint8Array([1, 2, 3]), 'binary_frame'],
    ['not JSON', '{nope', 'bad_json'],
    ['array', '[1,2]', 'not_an_object'],
    ['no event', '{"streamSid":"x"}', 'missing_field'],
    ['unknown event', `{"event":"dance","streamSid":"${SID}","sequenceNumber":"3"}`, 'unknown_event'],
    ['missing streamSid', '{"event":"media","sequenceNumber":"3","media":{"payload":""}}', 'missing_field'],
    ['numeric streamSid', '{"event":"media","streamSid":5,"sequenceNumber":"3"}', 'missing_field'],
    ['sequence not a number', `{"event":"media","streamSid":"${SID}","sequenceNumber":"x"}`, 'wrong_type'],
    [
      'payload not base64',
      `{"event":"media","streamSid":"${SID}","sequenceNumber":"3","media":{"payload":"!!!!"}}`,
      'bad_payload',
    ],
    [
      'payload a number',
      `{"event":"media","streamSid":"${SID}","sequenceNumber":"3","media":{"payload":7}}`,
      'wrong_type',
    ],
    [
      'bad track',
      `{"event":"media","streamSid":"${SID}","sequenceNumber":"3","media":{"track":"x","payload":"AAAA"}}`,
      'wrong_type',
    ],
    ['dtmf letter', `{"event":"dtmf","streamSid":"${SID}","sequenceNumber":"3","dtmf":{"digit":"z"}}`, 'wrong_type'],
    ['mark without name', `{"event":"mark","streamSid":"${SID}","sequenceNumber":"3","mark":{}}`, 'missing_field'],
    [
      'start without callSid',
      `{"event":"start","streamSid":"${SID}","sequenceNumber":"1","start":{}}`,
      'missing_field',
    ],
    [
      'wrong codec',
      `{"event":"start","streamSid":"${SID}","sequenceNumber":"1","start":{"callSid":"${CALL}","mediaFormat":{"encoding":"audio/l16","sampleRate":16000,"channels":1}}}`,
      'wrong_type',
    ],
    ['huge', 'x'.repeat(70_000), 'too_large'],
  ])('refuses %s', (_name, input, error) => {
    const r = decodeMessage(input as string | Uint8Array);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error as string).toBe(error as string);
  });

  test('encodes outbound media, mark and clear as Twilio expects', () => {
    const media = JSON.parse(encodeCommand({ event: 'media', streamSid: SID, payload: new Uint8Array([0xff, 0x7f]) }));
    expect(media).toEqual({
      event: 'media',
      streamSid: SID,
      media: { payload: Buffer.from([0xff, 0x7f]).toString('base64') },
    });
    expect(JSON.parse(encodeCommand({ event: 'mark', streamSid: SID, name: 't1.0' }))).toEqual({
      event: 'mark',
      streamSid: SID,
      mark: { name: 't1.0' },
    });
    expect(JSON.parse(encodeCommand({ event: 'clear', streamSid: SID }))).toEqual({ event: 'clear', streamSid: SID });
  });
});
