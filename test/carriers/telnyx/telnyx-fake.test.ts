// The simulated Telnyx side checked against our codec: what it sends decodes, what we encode it
// understands, and its playout model keeps Telnyx's mark/clear promises.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import type { ServerWebSocket } from 'bun';
import { decodeMessage, encodeCommand, type TelnyxEvent } from '../../../src/carriers/telnyx/media-codec.ts';
import { PlayoutBuffer } from '../../../src/sim/playout-buffer.ts';
import { TelnyxMediaStream, randomCallControlId } from '../../../src/sim/telnyx-caller.ts';
import { startFakeTelnyxRest } from '../../../src/sim/telnyx-rest.ts';

/** A WebSocket endpoint that decodes everything the fake sends and lets the test reply. */
interface Peer {
  events: TelnyxEvent[];
  malformed: string[];
  socket: ServerWebSocket<unknown> | null;
  waiters: Array<() => void>;
}

const peer: Peer = { events: [], malformed: [], socket: null, waiters: [] };
const server = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch(req, srv) {
    return srv.upgrade(req, { data: undefined }) ? undefined : new Response('upgrade expected', { status: 426 });
  },
  websocket: {
    open(ws) {
      peer.socket = ws;
    },
    message(_ws, data) {
      const r = decodeMessage(typeof data === 'string' ? data : new Uint8Array(data));
      if (r.ok) peer.events.push(r.event);
      else peer.malformed.push(r.error);
      for (const w of peer.waiters.splice(0)) w();
    },
  },
});

type Of<T extends TelnyxEvent['event']> = Extract<TelnyxEvent, { event: T }>;

function waitFor<T extends TelnyxEvent['event']>(kind: T, count = 1): Promise<Array<Of<T>>> {
  const got = (): Array<Of<T>> => peer.events.filter((e): e is Of<T> => e.event === kind);
  return new Promise((resolve) => {
    const check = (): void => {
      if (got().length >= count) resolve(got());
      else peer.waiters.push(check);
    };
    check();
  });
}

const reply = (cmd: Parameters<typeof encodeCommand>[0]): void => void peer.socket!.send(encodeCommand(cmd));

let stream: TelnyxMediaStream | null = null;

async function openStream(o: { bidirectional?: boolean; timeScale?: number; clientState?: string | null } = {}) {
  peer.events = [];
  peer.malformed = [];
  const s = new TelnyxMediaStream(randomCallControlId(), o.timeScale ?? Number.POSITIVE_INFINITY);
  await s.open(`ws://127.0.0.1:${server.port}/stream`, {
    callControlId: s.callControlId,
    from: '+15125550123',
    to: '+15125550100',
    clientState: o.clientState ?? 'eyJ0b2tlbiI6InQifQ==',
    bidirectional: o.bidirectional ?? true,
  });
  stream = s;
  await waitFor('start');
  return s;
}

afterEach(async () => {
  if (stream && !stream.isClosed) {
    stream.close();
    await stream.waitClosed();
  }
  stream = null;
});
afterAll(() => server.stop(true));

describe('simulated Telnyx media stream', () => {
  test('opens with connected then a start our codec reads, carrying client_state and PCMU 8 kHz', async () => {
    const s = await openStream();
    expect(peer.malformed).toEqual([]);
    expect(peer.events[0]).toEqual({ event: 'connected', version: '1.0.0' });
    const start = peer.events[1];
    if (start?.event !== 'start') throw new Error('expected start');
    expect(start.streamId).toBe(s.streamId);
    expect(start.sequenceNumber).toBe(1);
    expect(start.start).toMatchObject({
      callControlId: s.callControlId,
      from: '+15125550123',
      clientState: 'eyJ0b2tlbiI6InQifQ==',
      mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
    });
  });

  test('caller audio arrives as 20 ms frames with rising chunk, timestamp and sequence numbers', async () => {
    const s = await openStream();
    const audio = new Uint8Array(400).map((_, i) => i % 251);
    s.sendAudio(audio);
    const media = await waitFor('media', 3);
    expect(media.map((m) => m.payload.length)).toEqual([160, 160, 80]);
    expect(media.map((m) => m.chunk)).toEqual([1, 2, 3]);
    expect(media.map((m) => m.timestamp)).toEqual([0, 20, 40]);
    expect(media.map((m) => m.sequenceNumber)).toEqual([2, 3, 4]);
    expect(media.every((m) => m.track === 'inbound' && m.streamId === s.streamId)).toBe(true);
    expect([...Buffer.concat(media.map((m) => m.payload))]).toEqual([...audio]);
  });

  test('dtmf and stop frames decode', async () => {
    const s = await openStream();
    s.sendDtmf('#');
    expect((await waitFor('dtmf'))[0]).toMatchObject({ digit: '#', streamId: s.streamId });
    s.stop();
    expect((await waitFor('stop'))[0]).toMatchObject({ callControlId: s.callControlId, streamId: s.streamId });
    expect((await s.waitClosed()).code).toBe(1000);
  });

  test('our audio plays, then its mark comes back', async () => {
    const s = await openStream();
    const tts = new Uint8Array(480).fill(0x7f);
    reply({ event: 'media', payload: tts });
    reply({ event: 'mark', name: 'r1.end' });
    const marks = await waitFor('mark');
    expect(marks[0]).toMatchObject({ name: 'r1.end', streamId: s.streamId });
    expect([...s.audio()]).toEqual([...tts]);
    expect(s.stats.bytesPlayed).toBe(480);
    expect(s.marks).toEqual(['r1.end']);
  });

  test('clear empties the buffer and returns the pending marks at once', async () => {
    const s = await openStream({ timeScale: 1 });
    let cleared = 0;
    s.onClear = () => cleared++;
    reply({ event: 'media', payload: new Uint8Array(80_000) }); // ten seconds at real speed
    reply({ event: 'mark', name: 'r1.s1' });
    reply({ event: 'clear' });
    const marks = await waitFor('mark');
    expect(marks.map((m) => m.name)).toEqual(['r1.s1']);
    expect(cleared).toBe(1);
    expect(s.stats.clears).toBe(1);
    expect(s.stats.bytesPlayed).toBeLessThan(80_000);
    expect(s.playing).toBe(false);
  });

  test('without bidirectional RTP our audio is dropped, as Telnyx does', async () => {
    const s = await openStream({ bidirectional: false });
    reply({ event: 'media', payload: new Uint8Array(160) });
    reply({ event: 'mark', name: 'm' });
    await waitFor('mark');
    expect(s.droppedMedia).toBe(1);
    expect(s.received).toEqual([]);
  });

  test('a frame Telnyx cannot use gets an error frame back', async () => {
    const s = await openStream();
    peer.socket!.send('{"event":"media","media":{"payload":"%%%"}}');
    peer.socket!.send('{"event":"play"}');
    const errors = await waitFor('error', 2);
    expect(errors.map((e) => e.title)).toEqual(['invalid_media', 'malformed_frame']);
    expect(errors.every((e) => typeof e.code === 'number' && e.streamId === s.streamId)).toBe(true);
    expect(s.protocolErrors).toHaveLength(2);
  });
});

describe('playout model', () => {
  test('marks wait for the audio before them at the configured speed', () => {
    let now = 0;
    const echoed: string[] = [];
    const p = new PlayoutBuffer(
      (n) => echoed.push(n),
      1,
      () => now,
    );
    try {
      p.audio(new Uint8Array(80)); // 10 ms
      p.mark('a');
      expect(echoed).toEqual([]);
      expect(p.playing).toBe(true);
      now = 10;
      p.mark('b');
      expect(echoed).toEqual(['a', 'b']);
      expect(p.stats.bytesPlayed).toBe(80);
      expect(p.playing).toBe(false);
    } finally {
      p.dispose();
    }
  });

  test('a mark with nothing queued comes back at once', () => {
    const echoed: string[] = [];
    const p = new PlayoutBuffer(
      (n) => echoed.push(n),
      1,
      () => 0,
    );
    p.mark('idle');
    expect(echoed).toEqual(['idle']);
  });

  test('audio running dry mid-sentence counts as a gap; after a mark it does not', () => {
    let now = 0;
    const p = new PlayoutBuffer(
      () => undefined,
      1,
      () => now,
    );
    try {
      p.audio(new Uint8Array(8));
      now = 2;
      p.audio(new Uint8Array(8)); // both 1 ms frames play by now: the sentence has run dry
      now = 5;
      p.audio(new Uint8Array(8)); // 3 ms late
      expect(p.stats.gaps).toBe(1);
      expect(p.stats.gapMs).toBe(3);
      now = 6;
      p.mark('s1.end'); // sentence over
      now = 10;
      p.audio(new Uint8Array(8)); // a new sentence starting is not a gap
      expect(p.stats.gaps).toBe(1);
    } finally {
      p.dispose();
    }
  });
});

describe('fake Call Control API', () => {
  let rest: Awaited<ReturnType<typeof startFakeTelnyxRest>>;
  beforeAll(async () => {
    rest = await startFakeTelnyxRest({ apiKey: 'k' });
  });
  afterAll(() => rest.close());

  const post = (path: string, body: unknown, key = 'k') =>
    fetch(`${rest.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('a repeated command_id is acknowledged and not executed twice', async () => {
    const id = randomCallControlId();
    rest.registerCall(id);
    const path = `/calls/${encodeURIComponent(id)}/actions/answer`;
    expect((await post(path, { command_id: 'c1', stream_url: 'wss://h/s' })).status).toBe(200);
    expect((await post(path, { command_id: 'c1', stream_url: 'wss://h/s' })).status).toBe(200);
    const cmds = rest.commands.filter((c) => c.callControlId === id);
    expect(cmds.map((c) => c.executed)).toEqual([true, false]);
  });

  test('answering twice, or anything after the end, is refused with Telnyx’s error shape', async () => {
    const id = randomCallControlId();
    rest.registerCall(id);
    const base = `/calls/${encodeURIComponent(id)}/actions`;
    expect((await post(`${base}/answer`, {})).status).toBe(200);
    const again = await post(`${base}/answer`, {});
    expect(again.status).toBe(422);
    expect(((await again.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    expect((await post(`${base}/hangup`, {})).status).toBe(200);
    const late = await post(`${base}/transfer`, { to: '+15125550199' });
    expect(((await late.json()) as { errors: Array<{ code: string }> }).errors[0]!.code).toBe('90018');
  });

  test('bad bodies and unknown routes are refused', async () => {
    const id = randomCallControlId();
    rest.registerCall(id);
    const base = `/calls/${encodeURIComponent(id)}/actions`;
    expect((await post(`${base}/answer`, { stream_url: 'https://h/s' })).status).toBe(422);
    expect((await post(`${base}/answer`, { stream_bidirectional_mode: 'pcm' })).status).toBe(422);
    expect((await post(`${base}/answer`, { client_state: 'not base64!' })).status).toBe(422);
    expect((await post(`${base}/park`, {})).status).toBe(404);
    expect((await post(`${base}/hangup`, {}, 'wrong')).status).toBe(401);
    expect(rest.stateOf(id)).toBe('parked');
  });
});
