// Inbound media in Twilio's own shape is decoded without a JSON parse, into the stream's reused
// buffer; anything else takes the full parse and gets the same answer as before.
import { describe, expect, test } from 'bun:test';
import { createTwilioCodec, decodeMessage } from '../../../src/carriers/twilio/media-codec.ts';

const SID = 'MZ00000000000000000000000000000000';
const media = (seq: number, bytes: Uint8Array, extra = ''): string =>
  `{"event":"media","sequenceNumber":"${seq}","media":{"track":"inbound","chunk":"${seq - 1}",` +
  `"timestamp":"${(seq - 2) * 20}","payload":"${Buffer.from(bytes).toString('base64')}"${extra}},"streamSid":"${SID}"}`;
const frame = (seed: number): Uint8Array => new Uint8Array(160).map((_, i) => (i * 31 + seed) & 0xff);

describe('Twilio inbound media fast path', () => {
  test('decodes into the stream codec reused buffer, never allocating per frame', () => {
    const scratch = new Uint8Array(8000);
    const a = decodeMessage(media(3, frame(1)), scratch);
    if (!a.ok || a.event.event !== 'media') throw new Error('expected media');
    expect(a.event.payload.buffer).toBe(scratch.buffer);
    expect([...a.event.payload]).toEqual([...frame(1)]);
    expect(a.event).toMatchObject({ sequenceNumber: 3, chunk: 2, timestamp: 20, track: 'inbound', streamSid: SID });
    const b = decodeMessage(media(4, frame(2)), scratch);
    if (!b.ok || b.event.event !== 'media') throw new Error('expected media');
    expect(b.event.payload.buffer).toBe(scratch.buffer);
    expect([...b.event.payload]).toEqual([...frame(2)]);
  });

  test('gives the same event as the full parse for every frame shape it takes', () => {
    for (const n of [0, 1, 2, 3, 159, 160, 320]) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 7) & 0xff);
      const msg = media(9, bytes);
      const fast = decodeMessage(msg, new Uint8Array(8000));
      // The same message with its keys reordered cannot take the fast path.
      const slow = decodeMessage(
        JSON.stringify(JSON.parse(msg), [
          'streamSid',
          'event',
          'sequenceNumber',
          'media',
          'payload',
          'track',
          'chunk',
          'timestamp',
        ]),
      );
      if (!fast.ok || !slow.ok || fast.event.event !== 'media' || slow.event.event !== 'media')
        throw new Error('expected media');
      expect({ ...fast.event, payload: [...fast.event.payload] }).toEqual({
        ...slow.event,
        payload: [...slow.event.payload],
      });
    }
  });

  test('anything off the exact shape falls back to the full checks', () => {
    const scratch = new Uint8Array(8000);
    const bad = `{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"2","timestamp":"0","payload":"!!!!"},"streamSid":"${SID}"}`;
    expect(decodeMessage(bad, scratch)).toMatchObject({ ok: false, error: 'bad_payload' });
    const odd = `{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"2","timestamp":"0","payload":"AAA"},"streamSid":"${SID}"}`;
    expect(decodeMessage(odd, scratch)).toMatchObject({ ok: false, error: 'bad_payload' });
    const trailing = `${media(3, frame(1))} x`;
    expect(decodeMessage(trailing, scratch)).toMatchObject({ ok: false, error: 'bad_json' });
    const extraField = media(3, frame(1), ',"x":1');
    const r = decodeMessage(extraField, scratch);
    expect(r.ok).toBe(true);
    if (r.ok && r.event.event === 'media') expect(r.event.payload.buffer).not.toBe(scratch.buffer);
    const huge = media(3, new Uint8Array(9000));
    expect(decodeMessage(huge, scratch)).toMatchObject({ ok: false, error: 'bad_payload' });
  });

  test('each stream gets its own codec, so two calls never share a buffer', () => {
    const a = createTwilioCodec();
    const b = createTwilioCodec();
    const ra = a.decode(media(3, frame(1)));
    const rb = b.decode(media(3, frame(2)));
    if (!ra.ok || !rb.ok || ra.event.kind !== 'media' || rb.event.kind !== 'media') throw new Error('expected media');
    expect([...ra.event.payload]).toEqual([...frame(1)]);
    expect([...rb.event.payload]).toEqual([...frame(2)]);
  });
});
