// The fake Deepgram itself: auth, handshake validation, the HTTP control surface another process
// uses, timing from the latency profile, the idle timeout, and many calls at once.
import { afterEach, describe, expect, test } from 'bun:test';
import { createDeepgramAsr } from '../../src/providers/asr/deepgram.ts';
import type { AsrEvent, AsrStream } from '../../src/providers/asr/types.ts';
import { frameLevel, startFakeDeepgram, type FakeDeepgram } from '../../src/sim/deepgram.ts';
import { silence as lineSilence, speechAudio } from '../../src/sim/caller-audio.ts';
import { mulawToPcm } from '../../src/audio/mulaw.ts';
import { eventually } from '../helpers/eventually.ts';
import { silence, speech } from '../helpers/asr-audio.ts';

const QUERY =
  'model=nova-2-phonecall&encoding=mulaw&sample_rate=8000&interim_results=true&endpointing=300&utterance_end_ms=1000&vad_events=true';

let fake: FakeDeepgram;
afterEach(async () => {
  await fake?.close();
});

async function say(stream: AsrStream, ...parts: Uint8Array[]): Promise<void> {
  for (const p of parts) {
    for (let off = 0; off < p.length; off += 1600) {
      stream.pushAudio(p.subarray(off, off + 1600));
      await new Promise((r) => setTimeout(r, 0));
    }
  }
}

async function firstFinal(stream: AsrStream): Promise<Extract<AsrEvent, { type: 'final' }>> {
  for await (const e of stream) if (e.type === 'final' && e.text) return e;
  throw new Error('stream ended without a final');
}

function rawSocket(
  url: string,
  protocols?: string[],
): Promise<{
  ws: WebSocket;
  messages: Array<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    const messages: Array<Record<string, unknown>> = [];
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.addEventListener('close', (e) => r({ code: e.code, reason: e.reason })),
    );
    ws.addEventListener('message', (e) => messages.push(JSON.parse(String(e.data)) as Record<string, unknown>));
    ws.addEventListener('open', () => resolve({ ws, messages, closed }));
    ws.addEventListener('error', () => reject(new Error('socket error')));
  });
}

describe('fake deepgram', () => {
  test('accepts subprotocol auth, echoing the scheme, and answers CloseStream with final, Metadata and 1000', async () => {
    fake = await startFakeDeepgram();
    fake.setScript('CA-proto', ['Hello.']);
    const { ws, messages, closed } = await rawSocket(
      `${fake.url.replace('http', 'ws')}/v1/listen?${QUERY}&punctuate=true&tag=CA-proto`,
      ['token', 'raw-key'],
    );
    expect(ws.protocol).toBe('token');
    ws.send(speech(400));
    ws.send(JSON.stringify({ type: 'CloseStream' }));
    expect(await closed).toEqual({ code: 1000, reason: '' });
    const types = messages.map((m) => m.type);
    expect(types[0]).toBe('SpeechStarted');
    expect(types.slice(-2)).toEqual(['Results', 'Metadata']);
    expect(messages.at(-2)).toMatchObject({
      is_final: true,
      speech_final: true,
      channel: { alternatives: [{ transcript: 'Hello.' }] },
    });
    expect(messages.at(-1)).toMatchObject({ type: 'Metadata', duration: 0.4, channels: 1 });
    expect(fake.connections[0]!.auth).toBe('subprotocol');
  });

  test('rejects a handshake without a key (401) or with audio it cannot decode (400)', async () => {
    fake = await startFakeDeepgram();
    const noKey = await fetch(`${fake.url}/v1/listen?${QUERY}`, {
      headers: {
        upgrade: 'websocket',
        connection: 'Upgrade',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-version': '13',
      },
    });
    expect(noKey.status).toBe(401);
    const wrong = await fetch(`${fake.url}/v1/listen?model=nova-2&encoding=linear16&sample_rate=16000`, {
      headers: {
        authorization: 'Token k',
        upgrade: 'websocket',
        connection: 'Upgrade',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-version': '13',
      },
    });
    expect(wrong.status).toBe(400);
    expect(fake.connections).toHaveLength(0);
  });

  test('closes a socket with no audio and no KeepAlive with NET-0001', async () => {
    fake = await startFakeDeepgram({ idleTimeoutMs: 30 });
    const { closed } = await rawSocket(`${fake.url.replace('http', 'ws')}/v1/listen?${QUERY}`, ['token', 'k']);
    const c = await closed;
    expect(c.reason).toBe('NET-0001');
    expect(c.code).toBe(1011);
  });

  test('the HTTP control endpoint sets scripts, faults and profile for a fake in another process', async () => {
    fake = await startFakeDeepgram();
    const post = (path: string, body: unknown) =>
      fetch(`${fake.url}/__control/${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect(
      (await post('script', { tag: 'CA-remote', lines: ['First line.', { text: 'Second line.', confidence: 0.6 }] }))
        .status,
    ).toBe(200);
    expect((await post('script', { tag: 'CA-remote' })).status).toBe(400);
    expect((await post('fault', { name: 'refuse', times: 1 })).status).toBe(200);
    expect((await post('profile', { ttfbMs: 5 })).status).toBe(200);
    expect(fake.control.profile.ttfbMs).toBe(5);

    const asr = createDeepgramAsr({ apiKey: 'k', url: fake.url, reconnectDelayMs: 1 });
    const stream = asr.open({ callId: 'CA-remote' });
    await say(stream, speech(500), silence(400), speech(500), silence(400));
    const finals: Array<Extract<AsrEvent, { type: 'final' }>> = [];
    const types: string[] = [];
    for await (const e of stream) {
      types.push(e.type);
      if (e.type === 'final' && e.text) finals.push(e);
      if (finals.length === 2) break;
    }
    expect(types[0]).toBe('reconnecting'); // the refused first handshake
    expect(finals.map((f) => [f.text, f.confidence])).toEqual([
      ['First line.', 0.95],
      ['Second line.', 0.6],
    ]);
    const stats = (await (await fetch(`${fake.url}/__control/stats`)).json()) as {
      refused: number;
      connections: number;
    };
    expect(stats).toMatchObject({ refused: 1, connections: 1 });
    expect(fake.scriptPosition('CA-remote')).toBe(2);
    await stream.close();
  });

  test('ttfb in the profile delays results by wall time', async () => {
    fake = await startFakeDeepgram({ profile: { ttfbMs: 60 } });
    fake.setScript('CA-slow', ['Slow line.']);
    const stream = createDeepgramAsr({ apiKey: 'k', url: fake.url }).open({ callId: 'CA-slow' });
    const pending = firstFinal(stream);
    await say(stream, speech(400), silence(400));
    const sentAt = performance.now();
    const final = await pending;
    expect(final.text).toBe('Slow line.');
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(40);
    await stream.close();
  });

  test('a stalled fake sends nothing back', async () => {
    fake = await startFakeDeepgram();
    fake.control.setFault('stall', { times: 1 });
    fake.setScript('CA-stall', ['Never heard.']);
    const url = `${fake.url.replace('http', 'ws')}/v1/listen?${QUERY}&tag=CA-stall`;
    const { ws, messages, closed } = await rawSocket(url, ['token', 'k']);
    ws.send(speech(400));
    ws.send(silence(1500));
    ws.send(JSON.stringify({ type: 'Finalize' }));
    // A message the fake rejects by closing: the close arrives after anything sent before it.
    ws.send('not json');
    expect((await closed).code).toBe(1008);
    expect(messages).toHaveLength(0);
    expect(fake.connections[0]!.finalizes).toBe(1);
  });

  test('serves many concurrent calls, each with its own script', async () => {
    fake = await startFakeDeepgram();
    const asr = createDeepgramAsr({ apiKey: 'k', url: fake.url });
    const n = 50;
    const calls = Array.from({ length: n }, (_, i) => {
      fake.setScript(`CA-${i}`, [`Caller number ${i} here.`]);
      return asr.open({ callId: `CA-${i}` });
    });
    const finals = await Promise.all(
      calls.map(async (s) => {
        const f = firstFinal(s);
        await say(s, speech(600), silence(400));
        return (await f).text;
      }),
    );
    expect(finals).toEqual(Array.from({ length: n }, (_, i) => `Caller number ${i} here.`));
    expect(fake.stats()).toMatchObject({ connections: n, active: n });
    await Promise.all(calls.map((s) => s.close()));
    expect(fake.stats().closeStreams).toBe(n);
  });
});

test('the fake hears speech and silence from a quarter of the samples as from all of them', () => {
  for (let seed = 0; seed < 7; seed++) {
    const audio = speechAudio('what are your hours today', seed);
    for (let o = 0; o + 160 <= audio.length; o += 160) {
      const frame = audio.subarray(o, o + 160);
      const pcm = mulawToPcm(frame);
      const full = pcm.reduce((a, v) => a + Math.abs(v), 0) / pcm.length;
      expect(frameLevel(frame) > 200).toBe(full > 200);
    }
  }
  expect(frameLevel(lineSilence(20))).toBe(0);
});

test("a call's script is dropped when its stream ends with CloseStream, kept across a drop", async () => {
  const dg = await startFakeDeepgram();
  try {
    const asr = createDeepgramAsr({ apiKey: 'k', url: dg.url, reconnectDelayMs: 1 });
    for (let i = 0; i < 20; i++) {
      dg.setScript(`CA-${i}`, ['Hello there.']);
      const stream = asr.open({ callId: `CA-${i}` });
      stream.pushAudio(silence(100));
      await stream.close();
    }
    expect(dg.scriptCount()).toBe(0);
    dg.setScript('CA-drop', ['Hello there.']);
    const stream = asr.open({ callId: 'CA-drop' });
    stream.pushAudio(silence(100));
    await eventually(() => dg.stats().bytesReceived >= 20 * 800 + 800);
    dg.dropAll();
    await eventually(() => dg.stats().connections === 22);
    expect(dg.scriptCount()).toBe(1);
    await stream.close();
    expect(dg.scriptCount()).toBe(0);

    // Records of finished connections can go; their counts stay in the totals.
    await eventually(() => dg.stats().active === 0);
    const before = dg.stats();
    dg.forgetClosed();
    expect(dg.connections).toHaveLength(0);
    expect(dg.stats()).toEqual(before);
  } finally {
    await dg.close();
  }
});
