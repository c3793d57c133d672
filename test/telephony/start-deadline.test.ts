// A media stream must say `start` (and be accepted) within the deadline, or it is closed: an
// anonymous socket holds a slot in the server's pre-start cap.
import { describe, expect, test } from 'bun:test';
import { MediaSocket, type StartVerdict } from '../../src/telephony/media-socket.ts';
import { log } from '../../src/log.ts';
import { twilioCodec } from '../../src/carriers/twilio/media-codec.ts';
import { manualTimers } from '../helpers/manual-timers.ts';

const SID = `MZ${'0'.repeat(32)}`;
const start = JSON.stringify({
  event: 'start',
  sequenceNumber: '1',
  streamSid: SID,
  start: {
    accountSid: `AC${'0'.repeat(32)}`,
    streamSid: SID,
    callSid: `CA${'1'.repeat(32)}`,
    tracks: ['inbound'],
    customParameters: { token: 't' },
    mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
  },
});

function socket(accept: () => StartVerdict | Promise<StartVerdict>) {
  const timers = manualTimers();
  const closes: Array<{ code: number; reason: string }> = [];
  let started = 0;
  const media = new MediaSocket({
    sink: { send: () => true, close: (code, reason) => void closes.push({ code, reason }) },
    codec: twilioCodec,
    log,
    accept,
    startTimeoutMs: 5000,
    timers,
    onStarted: () => void started++,
  });
  return { media, timers, closes, started: () => started };
}

const session = { onAudio() {}, onMark() {}, onDtmf() {}, end: async () => undefined };

describe('start deadline', () => {
  test('a socket that never sends start is closed at the deadline, not before', () => {
    const s = socket(() => ({ ok: true, open: () => session }));
    s.media.handle(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
    s.timers.advance(4999);
    expect(s.closes).toEqual([]);
    s.timers.advance(1);
    expect(s.closes).toEqual([{ code: 1008, reason: 'no start message in time' }]);
    expect(s.started()).toBe(0);
  });

  test('an accepted start cancels the deadline and reports the socket started', async () => {
    const s = socket(() => ({ ok: true, open: () => session }));
    s.media.handle(start);
    await Promise.resolve();
    await Promise.resolve();
    expect(s.media.isLive).toBe(true);
    expect(s.started()).toBe(1);
    expect(s.timers.pending()).toBe(0);
    s.timers.advance(60_000);
    expect(s.closes).toEqual([]);
  });

  test('a start still being checked at the deadline is closed too', () => {
    const s = socket(() => new Promise<StartVerdict>(() => undefined));
    s.media.handle(start);
    s.timers.advance(5000);
    expect(s.closes.map((c) => c.code)).toEqual([1008]);
  });
});
