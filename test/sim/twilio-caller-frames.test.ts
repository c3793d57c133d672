// Pre-encoded frames go out byte for byte as the simulated Twilio's ordinary media messages.
import { expect, test } from 'bun:test';
import { TwilioMediaStream, encodeFrames } from '../../src/sim/twilio-caller.ts';
import { decodeMessage } from '../../src/carriers/twilio/media-codec.ts';

test('a pre-encoded frame is the same message sendAudio sends', async () => {
  const got: string[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: (req, srv) => (srv.upgrade(req) ? undefined : new Response('no', { status: 400 })),
    websocket: { message: (_ws, m) => void got.push(String(m)) },
  });
  try {
    const audio = new Uint8Array(330).map((_, i) => i & 0xff);
    const a = new TwilioMediaStream('CA1');
    await a.open(`ws://127.0.0.1:${server.port}/`, {});
    a.sendAudio(audio.subarray(0, 320));
    for (const f of encodeFrames(audio)) a.sendEncodedFrame(f);
    while (got.length < 2 + 2 + 3) await Bun.sleep(1);
    const media = got.slice(2).map((m) => {
      const r = decodeMessage(m);
      if (!r.ok || r.event.event !== 'media') throw new Error(m);
      return r.event;
    });
    expect(media.map((m) => m.sequenceNumber)).toEqual([2, 3, 4, 5, 6]);
    expect(media.map((m) => m.timestamp)).toEqual([0, 20, 40, 60, 80]);
    expect([...media[2]!.payload]).toEqual([...media[0]!.payload]);
    expect([...media[3]!.payload]).toEqual([...media[1]!.payload]);
    // The last frame is padded with line silence.
    expect([...media[4]!.payload.subarray(0, 10)]).toEqual([...audio.subarray(320)]);
    expect(media[4]!.payload[10]).toBe(0xff);
    a.close();
  } finally {
    await server.stop(true);
  }
});
