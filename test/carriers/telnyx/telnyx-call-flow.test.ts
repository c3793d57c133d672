// A whole Telnyx call through the Telnyx modules, wired the way a server edge would wire them:
// signed webhook → answer command → media stream with a single-use token → greeting and marks →
// our hang-up over REST → Telnyx stops the stream. The simulated caller and REST API speak the
// wire protocol; nothing of ours is stubbed.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { randomUUID } from 'node:crypto';
import type { Server, ServerWebSocket } from 'bun';
import { streamParametersFrom } from '../../../src/carriers/telnyx/answer.ts';
import { createTelnyxControl, type TelnyxControl } from '../../../src/carriers/telnyx/control.ts';
import { decodeMessage, encodeCommand, isMulaw8kMono } from '../../../src/carriers/telnyx/media-codec.ts';
import {
  createReplayGuard,
  parseTelnyxPublicKey,
  signatureHeaders,
  verifyTelnyxSignature,
} from '../../../src/carriers/telnyx/signature.ts';
import { parseTelnyxWebhook, type TelnyxCallEvent } from '../../../src/carriers/telnyx/webhook.ts';
import {
  TelnyxMediaStream,
  callInitiatedBody,
  createTelnyxSigner,
  placeTelnyxCall,
  postTelnyxWebhook,
  randomCallControlId,
} from '../../../src/sim/telnyx-caller.ts';
import { startFakeTelnyxRest, type FakeTelnyxRest } from '../../../src/sim/telnyx-rest.ts';

const API_KEY = 'KEY-flow';
const GREETING = new Uint8Array(1600).fill(0x55); // 200 ms

interface StreamData {
  url: string;
  callControlId: string | null;
  audioBytes: number;
}

interface Edge {
  server: Server<StreamData>;
  events: TelnyxCallEvent[];
  refusedStreams: string[];
  stops: string[];
  audioBytes: Map<string, number>;
}

let rest: FakeTelnyxRest;
let control: TelnyxControl;
let edge: Edge;
const signer = createTelnyxSigner();

function startEdge(): Edge {
  const publicKey = parseTelnyxPublicKey(signer.publicKeyBase64);
  const replayGuard = createReplayGuard();
  const tokens = new Map<string, { token: string; callControlId: string }>();
  const e: Edge = {
    server: undefined as unknown as Server<StreamData>,
    events: [],
    refusedStreams: [],
    stops: [],
    audioBytes: new Map(),
  };

  const onStreamMessage = (ws: ServerWebSocket<StreamData>, data: string | Buffer): void => {
    const r = decodeMessage(typeof data === 'string' ? data : new Uint8Array(data));
    if (!r.ok) return;
    const ev = r.event;
    if (ev.event === 'start') {
      const params = streamParametersFrom(ev.start, ws.data.url);
      const issued = params.callId ? tokens.get(params.callId) : undefined;
      const valid = issued && issued.token === params.token && issued.callControlId === ev.start.callControlId;
      if (!valid || !isMulaw8kMono(ev.start.mediaFormat)) {
        e.refusedStreams.push(ev.start.callControlId);
        ws.close(1008, 'invalid stream token');
        return;
      }
      tokens.delete(params.callId!); // single use
      ws.data.callControlId = ev.start.callControlId;
      ws.send(encodeCommand({ event: 'media', payload: GREETING }));
      ws.send(encodeCommand({ event: 'mark', name: 'greet.end' }));
      return;
    }
    if (!ws.data.callControlId) return;
    if (ev.event === 'media' && ev.track === 'inbound') {
      ws.data.audioBytes += ev.payload.length;
      e.audioBytes.set(ws.data.callControlId, ws.data.audioBytes);
    } else if (ev.event === 'dtmf' && ev.digit === '#') {
      void control.hangup(ws.data.callControlId);
    } else if (ev.event === 'dtmf' && ev.digit === '0') {
      void control.transfer(ws.data.callControlId, '+15125550199');
    } else if (ev.event === 'stop') {
      e.stops.push(ws.data.callControlId);
    }
  };

  e.server = Bun.serve<StreamData>({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req, server) {
      const url = new URL(req.url);
      if (url.pathname === '/telnyx/voice' && req.method === 'POST') {
        const raw = await req.text();
        const headers = signatureHeaders(req.headers);
        const sig = verifyTelnyxSignature({ publicKey, ...headers, rawBody: raw, nowMs: Date.now(), replayGuard });
        if (!sig.ok) return Response.json({ error: sig.reason }, { status: 403 });
        const parsed = parseTelnyxWebhook(raw);
        if (!parsed.ok) return Response.json({ error: parsed.message }, { status: 400 });
        e.events.push(parsed.event);
        if (parsed.event.kind === 'incoming') {
          const callId = randomUUID();
          const token = randomUUID();
          const callControlId = parsed.event.call.carrierCallId;
          tokens.set(callId, { token, callControlId });
          // Acknowledge at once; the answer goes out on its own (Telnyx waits for neither).
          void control.answer({
            callControlId,
            streamUrl: `ws://127.0.0.1:${server.port}/telnyx/media-stream`,
            parameters: { callId, token },
          });
        }
        return new Response(null, { status: 200 });
      }
      if (url.pathname === '/telnyx/media-stream') {
        return server.upgrade(req, { data: { url: req.url, callControlId: null, audioBytes: 0 } })
          ? undefined
          : new Response('upgrade expected', { status: 426 });
      }
      return new Response('not found', { status: 404 });
    },
    websocket: { message: onStreamMessage },
  });
  return e;
}

beforeAll(async () => {
  rest = await startFakeTelnyxRest({ apiKey: API_KEY });
  control = createTelnyxControl({ apiKey: API_KEY, baseUrl: rest.url });
  edge = startEdge();
});
afterAll(async () => {
  await edge.server.stop(true);
  await rest.close();
});

const serverUrl = (): string => `http://127.0.0.1:${edge.server.port}`;

describe('a Telnyx call end to end', () => {
  test('answered with a bidirectional stream; greeting plays; caller audio arrives; our hang-up ends it', async () => {
    const call = await placeTelnyxCall({ serverUrl: serverUrl(), rest, signer, to: '+15125550100' });
    expect(call.webhookStatus).toBe(200);
    expect(call.answer.body.stream_bidirectional_mode).toBe('rtp');

    await call.stream.waitForMarkFrom(0, (m) => m === 'greet.end');
    expect(call.stream.audio().length).toBe(GREETING.length);
    expect(call.stream.droppedMedia).toBe(0);

    call.stream.sendAudio(new Uint8Array(800));
    call.stream.sendDtmf('#'); // frames arrive in order, so the audio is in before the hang-up
    expect((await call.stream.waitClosed()).code).toBe(1000);
    expect(edge.audioBytes.get(call.callControlId)).toBe(800);
    expect(rest.stateOf(call.callControlId)).toBe('ended');
    const hangup = rest.commands.find((c) => c.callControlId === call.callControlId && c.action === 'hangup');
    expect(hangup?.status).toBe(200);
    expect(edge.stops).toContain(call.callControlId);
  });

  test('a transfer hands the call off and Telnyx stops our stream', async () => {
    const call = await placeTelnyxCall({ serverUrl: serverUrl(), rest, signer, to: '+15125550100' });
    await call.stream.waitForMarkFrom(0, (m) => m === 'greet.end');
    call.stream.sendDtmf('0');
    await call.stream.waitClosed();
    expect(rest.stateOf(call.callControlId)).toBe('transferred');
    const transfer = rest.commands.find((c) => c.callControlId === call.callControlId && c.action === 'transfer');
    expect(transfer?.body.to).toBe('+15125550199');
  });

  test('the caller hanging up stops the stream and delivers a signed call.hangup', async () => {
    const call = await placeTelnyxCall({ serverUrl: serverUrl(), rest, signer, to: '+15125550100' });
    await call.stream.waitForMarkFrom(0, (m) => m === 'greet.end');
    const res = await call.hangUp();
    expect(res.status).toBe(200);
    await call.stream.waitClosed();
    expect(edge.events).toContainEqual({
      kind: 'hangup',
      eventId: expect.any(String),
      carrierCallId: call.callControlId,
      cause: 'normal_clearing',
    });
  });

  test('forged, unsigned or stale webhooks are refused and nothing is answered', async () => {
    const url = `${serverUrl()}/telnyx/voice`;
    const id = randomCallControlId();
    rest.registerCall(id);
    const body = callInitiatedBody({ callControlId: id, from: '+1555', to: '+15125550100' });
    const forged = await postTelnyxWebhook(url, body, { signer: createTelnyxSigner() });
    const unsigned = await postTelnyxWebhook(url, body);
    const tenMinutesAgo = String(Math.floor(Date.now() / 1000) - 600);
    const stale = await postTelnyxWebhook(url, body, { signer, timestamp: tenMinutesAgo });
    expect([forged.status, unsigned.status, stale.status]).toEqual([403, 403, 403]);
    expect(rest.commands.some((c) => c.callControlId === id)).toBe(false);
  });

  test('an exact replay of a signed delivery is refused', async () => {
    const url = `${serverUrl()}/telnyx/voice`;
    const leg = { callControlId: randomCallControlId(), from: '+1555', to: '+1', direction: 'outgoing' as const };
    const body = callInitiatedBody(leg);
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = signer.sign(ts, body);
    expect((await postTelnyxWebhook(url, body, { signature, timestamp: ts })).status).toBe(200);
    expect((await postTelnyxWebhook(url, body, { signature, timestamp: ts })).status).toBe(403);
  });

  test('a stream whose token does not match the call is refused, and a token works only once', async () => {
    const call = await placeTelnyxCall({ serverUrl: serverUrl(), rest, signer, to: '+15125550100' });
    await call.stream.waitForMarkFrom(0, (m) => m === 'greet.end');
    const clientState = call.answer.body.client_state as string;
    const streamUrl = new URL(call.answer.body.stream_url as string);
    const wsUrl = `ws://127.0.0.1:${edge.server.port}${streamUrl.pathname}`;

    // The same (already used) parameters again, for the same call: refused.
    const reuse = new TelnyxMediaStream(call.callControlId);
    const reused = { callControlId: call.callControlId, from: null, to: '+1', clientState, bidirectional: true };
    await reuse.open(wsUrl, reused);
    expect((await reuse.waitClosed()).code).toBe(1008);

    // A forged token for a fresh call: refused.
    const forged = new TelnyxMediaStream(randomCallControlId());
    const bad = Buffer.from(JSON.stringify({ callId: randomUUID(), token: 'guess' })).toString('base64');
    const guessed = { callControlId: forged.callControlId, from: null, to: '+1', clientState: bad };
    await forged.open(wsUrl, { ...guessed, bidirectional: true });
    expect((await forged.waitClosed()).code).toBe(1008);
    expect(edge.refusedStreams).toEqual(expect.arrayContaining([call.callControlId, forged.callControlId]));

    call.stream.stop();
    await call.stream.waitClosed();
  });
});
