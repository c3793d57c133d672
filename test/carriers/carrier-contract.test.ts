// One contract, every carrier: the same expectations of each carrier's webhook reading, answer,
// media stream codec and REST control, each run against the carrier's wire format as its
// simulator speaks it and its REST fake. A new carrier adds a kit here and passes the same tests.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { MULAW_8K, type Carrier, type StreamCommand, type WebhookRequest } from '../../src/carriers/types.ts';
import { createTwilioCarrier } from '../../src/carriers/twilio/carrier.ts';
import { createTwilioControl } from '../../src/carriers/twilio/control.ts';
import { createTelnyxCarrier } from '../../src/carriers/telnyx/carrier.ts';
import { createTelnyxControl } from '../../src/carriers/telnyx/control.ts';
import { decodeClientState } from '../../src/carriers/telnyx/answer.ts';
import { telnyxSettings } from '../../src/carriers/telnyx/env.ts';
import { randomSid, signTwilio } from '../../src/sim/twilio-caller.ts';
import { callInitiatedBody, createTelnyxSigner, randomCallControlId } from '../../src/sim/telnyx-caller.ts';
import { startFakeTelnyxRest, type FakeTelnyxRest } from '../../src/sim/telnyx-rest.ts';
import { startFakeTwilioRest, type FakeTwilioRest } from '../../src/sim/twilio-rest.ts';
import { log } from '../../src/log.ts';

const PUBLIC = 'https://receptionist.example.com';
const TO = '+15125550100';
const FROM = '+15125550123';
const TRANSFER_TO = '+15125550199';

interface WireFrames {
  start(callId: string, streamId: string, params: Record<string, string>): string;
  media(streamId: string, bytes: Uint8Array): string;
  mark(streamId: string, name: string): string;
  dtmf(streamId: string, digit: string): string;
  stop(streamId: string, callId: string): string;
}

interface Kit {
  carrier: Carrier;
  newCallId(): string;
  frames: WireFrames;
  /** What the carrier reads out of a command we sent. */
  readCommand(text: string): { event: string; payload?: Uint8Array; name?: string };
  incoming(callId: string, opts?: { forged?: boolean; to?: string }): WebhookRequest;
  /** Where and with what parameters the carrier was told to connect the call. */
  answered(res: Response, callId: string): Promise<{ stream: string; parameters: Record<string, string> }>;
  /** The call was ended (by our refusal or hang-up). */
  ended(res: Response | null, callId: string): Promise<boolean>;
  transferredTo(callId: string): Promise<string | null>;
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const fromB64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
/** Both carriers' commands are `{event, media?: {payload}, mark?: {name}}` JSON. */
function readCommand(text: string): { event: string; payload?: Uint8Array; name?: string } {
  const m = JSON.parse(text) as { event: string; media?: { payload: string }; mark?: { name: string } };
  return {
    event: m.event,
    ...(m.media ? { payload: fromB64(m.media.payload) } : {}),
    ...(m.mark ? { name: m.mark.name } : {}),
  };
}

const request = (path: string, contentType: string, body: string, headers: Record<string, string>): WebhookRequest => ({
  path,
  publicUrl: `${PUBLIC}${path}`,
  headers: new Headers(headers),
  body: new TextEncoder().encode(body),
  contentType,
  requireSignatures: true,
  allowSimulatedClock: false,
  nowMs: Date.now(),
});

let twilioRest: FakeTwilioRest;
let telnyxRest: FakeTelnyxRest;
const kits: Record<string, () => Kit> = {};

const ACCOUNT = `AC${'a'.repeat(32)}`;
const AUTH = 'twilio-auth-token';

kits.twilio = () => {
  const control = createTwilioControl({ accountSid: ACCOUNT, authToken: AUTH, baseUrl: twilioRest.url });
  const carrier = createTwilioCarrier({ authToken: AUTH, control });
  let seq = 0;
  const head = (event: string, streamSid: string) => ({ event, sequenceNumber: String(++seq), streamSid });
  return {
    carrier,
    newCallId: () => randomSid('CA'),
    frames: {
      start: (callSid, streamSid, customParameters) =>
        JSON.stringify({
          ...head('start', streamSid),
          start: {
            streamSid,
            callSid,
            accountSid: ACCOUNT,
            tracks: ['inbound'],
            customParameters,
            mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
          },
        }),
      media: (sid, bytes) =>
        JSON.stringify({
          ...head('media', sid),
          media: { track: 'inbound', chunk: '1', timestamp: '20', payload: b64(bytes) },
        }),
      mark: (sid, name) => JSON.stringify({ ...head('mark', sid), mark: { name } }),
      dtmf: (sid, digit) => JSON.stringify({ ...head('dtmf', sid), dtmf: { track: 'inbound_track', digit } }),
      stop: (sid, callSid) => JSON.stringify({ ...head('stop', sid), stop: { accountSid: ACCOUNT, callSid } }),
    },
    readCommand,
    incoming(callSid, o = {}) {
      const call = { AccountSid: ACCOUNT, CallSid: callSid, From: FROM, To: o.to ?? TO };
      const params = { ...call, CallStatus: 'ringing', Direction: 'inbound' };
      const signature = signTwilio(o.forged ? 'not-the-token' : AUTH, `${PUBLIC}/voice/incoming`, params);
      const body = new URLSearchParams(params).toString();
      return request('/voice/incoming', 'application/x-www-form-urlencoded', body, { 'x-twilio-signature': signature });
    },
    async answered(res) {
      const twiml = await res.text();
      const stream = /<Stream url="([^"]+)"/.exec(twiml)?.[1] ?? '';
      const parameters: Record<string, string> = {};
      for (const m of twiml.matchAll(/<Parameter name="([^"]+)" value="([^"]*)"\/>/g)) parameters[m[1]!] = m[2]!;
      return { stream, parameters };
    },
    async ended(res, callSid) {
      if (res) return (await res.text()).includes('<Hangup/>');
      return twilioRest.callUpdates.some((u) => u.callSid === callSid && u.status === 'completed');
    },
    async transferredTo(callSid) {
      const twiml = twilioRest.callUpdates.find((u) => u.callSid === callSid && u.twiml)?.twiml ?? '';
      return /<Number[^>]*>([^<]+)<\/Number>/.exec(twiml)?.[1] ?? null;
    },
  };
};

const signer = createTelnyxSigner();
kits.telnyx = () => {
  const env = { TELNYX_API_KEY: 'KEY-contract', TELNYX_PUBLIC_KEY: signer.publicKeyBase64 };
  const settings = telnyxSettings(env);
  if (!settings.ok) throw new Error('telnyx settings');
  const control = createTelnyxControl({ apiKey: 'KEY-contract', baseUrl: telnyxRest.url });
  const carrier = createTelnyxCarrier(settings.settings, control);
  let seq = 0;
  const head = (event: string, sid: string) => ({ event, sequence_number: String(++seq), stream_id: sid });
  const waitFor = (id: string, action: string) =>
    telnyxRest.waitForCommand((c) => c.callControlId === id && c.action === action && c.executed, 2000);
  return {
    carrier,
    newCallId: () => {
      const id = randomCallControlId();
      telnyxRest.registerCall(id);
      return id;
    },
    frames: {
      start: (callControlId, streamId, params) =>
        JSON.stringify({
          event: 'start',
          sequence_number: String(++seq),
          stream_id: streamId,
          start: {
            call_control_id: callControlId,
            from: FROM,
            to: TO,
            client_state: Buffer.from(JSON.stringify(params)).toString('base64'),
            custom_parameters: {},
            media_format: { encoding: 'PCMU', sample_rate: 8000, channels: 1 },
          },
        }),
      media: (sid, bytes) =>
        JSON.stringify({
          event: 'media',
          sequence_number: String(++seq),
          stream_id: sid,
          media: { track: 'inbound', chunk: '1', timestamp: '20', payload: b64(bytes) },
        }),
      mark: (sid, name) => JSON.stringify({ ...head('mark', sid), mark: { name } }),
      dtmf: (sid, digit) => JSON.stringify({ ...head('dtmf', sid), dtmf: { digit } }),
      stop: (sid, id) => JSON.stringify({ ...head('stop', sid), stop: { call_control_id: id } }),
    },
    readCommand,
    incoming(id, o = {}) {
      const body = callInitiatedBody({ callControlId: id, from: FROM, to: o.to ?? TO });
      const ts = String(Math.floor(Date.now() / 1000));
      const sig = (o.forged ? createTelnyxSigner() : signer).sign(ts, body);
      const headers = { 'telnyx-timestamp': ts, 'telnyx-signature-ed25519': sig };
      return request('/telnyx/voice', 'application/json', body, headers);
    },
    async answered(res, id) {
      expect(res.status).toBe(200);
      const cmd = await waitFor(id, 'answer');
      const url = new URL(String(cmd?.body.stream_url));
      const parameters = decodeClientState(String(cmd?.body.client_state)) ?? {};
      return { stream: `${url.origin}${url.pathname}`, parameters };
    },
    async ended(_res, id) {
      return (await waitFor(id, 'hangup')) !== null;
    },
    async transferredTo(id) {
      const cmd = await waitFor(id, 'transfer');
      return typeof cmd?.body.to === 'string' ? cmd.body.to : null;
    },
  };
};

beforeAll(async () => {
  twilioRest = await startFakeTwilioRest({ accountSid: ACCOUNT, authToken: AUTH });
  telnyxRest = await startFakeTelnyxRest({ apiKey: 'KEY-contract' });
});
afterAll(async () => {
  await twilioRest.close();
  await telnyxRest.close();
});

for (const [name, makeKit] of Object.entries(kits)) {
  describe(`carrier contract: ${name}`, () => {
    let kit: Kit;
    beforeAll(() => {
      kit = makeKit();
    });

    test('a signed incoming-call webhook reads as an incoming call; a forged one is refused with 403', () => {
      const id = kit.newCallId();
      const read = kit.carrier.readWebhook(kit.incoming(id));
      expect(read).toEqual({ ok: true, event: { kind: 'incoming', call: { carrierCallId: id, from: FROM, to: TO } } });
      const forged = kit.carrier.readWebhook(kit.incoming(kit.newCallId(), { forged: true }));
      expect(forged.ok).toBe(false);
      if (!forged.ok) expect(forged.response.status).toBe(403);
    });

    test('a webhook signed right but with a body of the wrong kind is refused before it is parsed', () => {
      const req = { ...kit.incoming(kit.newCallId()), contentType: 'text/plain' };
      const read = kit.carrier.readWebhook(req);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.response.status).toBe(415);
    });

    test('answer connects the call to our stream with our parameters', async () => {
      const id = kit.newCallId();
      const parameters = { callId: 'call-1', orgId: 'org-1', token: 'tok-1' };
      const streamUrl = `wss://receptionist.example.com${kit.carrier.streamPath}`;
      const admitted = { callId: 'call-1', carrierCallId: id, streamUrl, parameters, repeat: false };
      const res = kit.carrier.answer(admitted, log);
      expect(await kit.answered(res, id)).toEqual({ stream: streamUrl, parameters });
    });

    test('refuse ends the call', async () => {
      const id = kit.newCallId();
      const res = kit.carrier.refuse(id, 'Sorry, goodbye.', log);
      expect(await kit.ended(kit.carrier.socketCloseEndsCall ? res : null, id)).toBe(true);
    });

    test('the media stream decodes to the same events, with the call, parameters and audio format', () => {
      const codec = kit.carrier.openStream(`wss://receptionist.example.com${kit.carrier.streamPath}`);
      const id = kit.newCallId();
      const params = { callId: 'c', token: 't' };
      const audio = new Uint8Array(160).map((_, i) => i);
      const events = [
        kit.frames.start(id, 'stream-1', params),
        kit.frames.media('stream-1', audio),
        kit.frames.mark('stream-1', 'greet.end'),
        kit.frames.dtmf('stream-1', '5'),
        kit.frames.stop('stream-1', id),
      ].map((f) => codec.decode(f));
      expect(events).toEqual([
        {
          ok: true,
          event: {
            kind: 'start',
            start: { streamId: 'stream-1', carrierCallId: id, parameters: params, format: MULAW_8K },
          },
        },
        { ok: true, event: { kind: 'media', streamId: 'stream-1', inbound: true, timestampMs: 20, payload: audio } },
        { ok: true, event: { kind: 'mark', streamId: 'stream-1', name: 'greet.end' } },
        { ok: true, event: { kind: 'dtmf', streamId: 'stream-1', digit: '5' } },
        { ok: true, event: { kind: 'stop', streamId: 'stream-1' } },
      ]);
    });

    test('malformed frames are refused with the same reasons', () => {
      const codec = kit.carrier.openStream(`wss://receptionist.example.com${kit.carrier.streamPath}`);
      // An unknown event carrying every header either carrier requires.
      const headers = { streamSid: 's', sequenceNumber: '1', stream_id: 's', sequence_number: '1' };
      const bogus = JSON.stringify({ event: 'bogus', ...headers });
      const reasons = [new Uint8Array([1, 2]), '{not json', '[1]', bogus, 'x'.repeat(70_000)].map((f) => {
        const r = codec.decode(f);
        return r.ok ? 'ok' : r.error;
      });
      expect(reasons).toEqual(['binary_frame', 'bad_json', 'not_an_object', 'unknown_event', 'too_large']);
    });

    test('media, mark and clear encode to frames the carrier reads back', () => {
      const codec = kit.carrier.openStream(`wss://receptionist.example.com${kit.carrier.streamPath}`);
      const audio = new Uint8Array(320).fill(0x7f);
      const sent = (cmd: StreamCommand) => kit.readCommand(codec.encode(cmd, 'stream-1'));
      expect(sent({ kind: 'media', payload: audio })).toEqual({ event: 'media', payload: audio });
      expect(sent({ kind: 'mark', name: 'r1.end' })).toEqual({ event: 'mark', name: 'r1.end' });
      expect(sent({ kind: 'clear' })).toEqual({ event: 'clear' });
    });

    test('hang-up and transfer go to the carrier over REST', async () => {
      const hung = kit.newCallId();
      expect(await kit.carrier.hangup(hung)).toEqual({ ok: true });
      expect(await kit.ended(null, hung)).toBe(true);
      // Hanging up a call that already ended is what was wanted: not an error.
      expect(await kit.carrier.hangup(hung)).toEqual({ ok: true });

      const moved = kit.newCallId();
      const request = {
        to: TRANSFER_TO,
        callerId: '+15125550000',
        timeoutSeconds: 20,
        actionUrl: 'https://example.test/voice/dial-action',
      };
      expect(await kit.carrier.transfer(moved, request)).toEqual({ ok: true });
      expect(await kit.transferredTo(moved)).toBe(TRANSFER_TO);
    });
  });
}
