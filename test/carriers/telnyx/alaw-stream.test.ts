// A Telnyx stream that arrives A-law is converted to μ-law at the edge: the call sees μ-law 8 kHz.
import { expect, test } from 'bun:test';
import { telnyxCodec } from '../../../src/carriers/telnyx/carrier.ts';
import { alawToMulaw } from '../../../src/audio/alaw.ts';
import { MULAW_8K } from '../../../src/carriers/types.ts';

const frame = (o: Record<string, unknown>) => JSON.stringify({ sequence_number: '1', stream_id: 's1', ...o });
const start = (encoding: string) =>
  frame({
    event: 'start',
    start: { call_control_id: 'v3:abc', media_format: { encoding, sample_rate: 8000, channels: 1 } },
  });

test('PCMA in, μ-law to the call; PCMU passes untouched', () => {
  const alaw = new Uint8Array([0xd5, 0x55, 0xaa, 0x2a, 0x00, 0x80]);
  const media = frame({ event: 'media', media: { track: 'inbound', payload: Buffer.from(alaw).toString('base64') } });

  const pcma = telnyxCodec('wss://x/telnyx/media-stream');
  const s = pcma.decode(start('PCMA'));
  expect(s.ok && s.event.kind === 'start' && s.event.start.format).toEqual(MULAW_8K);
  const m = pcma.decode(media);
  expect(m.ok && m.event.kind === 'media' && m.event.payload).toEqual(alawToMulaw(alaw));

  const pcmu = telnyxCodec('wss://x/telnyx/media-stream');
  pcmu.decode(start('PCMU'));
  const u = pcmu.decode(media);
  expect(u.ok && u.event.kind === 'media' && u.event.payload).toEqual(alaw);
});

test('a format nothing converts is reported as announced, for the server to refuse', () => {
  const codec = telnyxCodec('wss://x/telnyx/media-stream');
  const s = codec.decode(start('L16'));
  expect(s.ok && s.event.kind === 'start' && s.event.start.format.encoding).toBe('l16');
});
