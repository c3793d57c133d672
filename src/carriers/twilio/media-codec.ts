// Twilio Media Streams as a codec: JSON text in → typed event (or a reason it was refused),
// typed command → JSON text out. Pure; the socket handler only moves bytes. `twilioCodec` maps
// both onto the carrier-neutral stream events.
import { MULAW_8K, type MediaCodec, type StreamCommand, type StreamDecodeResult } from '../types.ts';

export interface StartInfo {
  streamSid: string;
  callSid: string;
  accountSid: string;
  tracks: string[];
  customParameters: Record<string, string>;
  mediaFormat: { encoding: string; sampleRate: number; channels: number };
}

export type TwilioEvent =
  | { event: 'connected'; protocol: string; version: string }
  | { event: 'start'; sequenceNumber: number; streamSid: string; start: StartInfo }
  | {
      event: 'media';
      sequenceNumber: number;
      streamSid: string;
      track: 'inbound' | 'outbound';
      chunk: number;
      timestamp: number;
      payload: Uint8Array;
    }
  | { event: 'mark'; sequenceNumber: number; streamSid: string; name: string }
  | { event: 'dtmf'; sequenceNumber: number; streamSid: string; digit: string }
  | { event: 'stop'; sequenceNumber: number; streamSid: string; callSid: string };

export type DecodeError =
  | 'binary_frame'
  | 'too_large'
  | 'bad_json'
  | 'not_an_object'
  | 'unknown_event'
  | 'missing_field'
  | 'wrong_type'
  | 'bad_payload';

export type DecodeResult = { ok: true; event: TwilioEvent } | { ok: false; error: DecodeError; detail: string };

/** 1 s of audio in one message is already far more than Twilio ever sends (20 ms). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
const MAX_PAYLOAD_BYTES = 8000;

type Json = Record<string, unknown>;

const fail = (error: DecodeError, detail: string): DecodeResult => ({ ok: false, error, detail });

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Twilio sends numbers as strings ("1"); accept a non-negative integer in either form. */
function intField(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  return null;
}

function str(v: unknown, max = 256): string | null {
  return typeof v === 'string' && v.length > 0 && v.length <= max ? v : null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Inbound media exactly as Twilio sends it, 50 times a second per call. Only digits, base64 and
 * an alphanumeric sid can match, so nothing needs unescaping and the match means what a full
 * JSON parse would; any other shape (reordered keys, extra fields) takes the full parse.
 */
const TWILIO_MEDIA =
  /^\{"event":"media","sequenceNumber":"(\d{1,15})","media":\{"track":"(inbound|outbound)","chunk":"(\d{1,15})","timestamp":"(\d{1,15})","payload":"([A-Za-z0-9+/]*={0,2})"\},"streamSid":"([A-Za-z0-9]{1,64})"\}$/;

function decodeMediaFast(data: string, scratch: Uint8Array | undefined): DecodeResult | null {
  if (!data.startsWith('{"event":"media"')) return null;
  const m = TWILIO_MEDIA.exec(data);
  if (!m) return null;
  const b64 = m[5] as string;
  if (b64.length > (MAX_PAYLOAD_BYTES * 4) / 3 + 4 || b64.length % 4 !== 0) return null;
  const payload = scratch ? decodeInto(b64, scratch) : new Uint8Array(Buffer.from(b64, 'base64'));
  return {
    ok: true,
    event: {
      event: 'media',
      sequenceNumber: Number(m[1]),
      streamSid: m[6] as string,
      track: m[2] as 'inbound' | 'outbound',
      chunk: Number(m[3]),
      timestamp: Number(m[4]),
      payload,
    },
  };
}

function decodeInto(b64: string, scratch: Uint8Array): Uint8Array {
  const buf = Buffer.from(scratch.buffer, scratch.byteOffset, scratch.byteLength);
  return scratch.subarray(0, buf.write(b64, 0, 'base64'));
}

/**
 * `scratch`: media payloads are decoded into it (valid until the next decode with the same
 * buffer) instead of a new allocation per frame. It must hold MAX_PAYLOAD_BYTES.
 */
export function decodeMessage(data: string | ArrayBuffer | Uint8Array, scratch?: Uint8Array): DecodeResult {
  if (typeof data !== 'string') return fail('binary_frame', 'binary frames are not part of the protocol');
  if (data.length > MAX_MESSAGE_BYTES) return fail('too_large', `${data.length} bytes`);
  const fast = decodeMediaFast(data, scratch);
  if (fast) return fast;
  let msg: unknown;
  try {
    msg = JSON.parse(data);
  } catch {
    return fail('bad_json', 'not JSON');
  }
  if (!isObject(msg)) return fail('not_an_object', 'message is not a JSON object');
  const event = msg.event;
  if (typeof event !== 'string') return fail('missing_field', 'event');

  if (event === 'connected') {
    return { ok: true, event: { event, protocol: str(msg.protocol) ?? 'Call', version: str(msg.version) ?? '' } };
  }

  const sequenceNumber = intField(msg.sequenceNumber);
  const streamSid = str(msg.streamSid, 64);
  if (!streamSid) return fail('missing_field', 'streamSid');
  if (sequenceNumber === null)
    return fail(msg.sequenceNumber === undefined ? 'missing_field' : 'wrong_type', 'sequenceNumber');

  switch (event) {
    case 'start': {
      const s = msg.start;
      if (!isObject(s)) return fail('missing_field', 'start');
      const callSid = str(s.callSid, 64);
      if (!callSid) return fail('missing_field', 'start.callSid');
      const params: Record<string, string> = {};
      if (s.customParameters !== undefined) {
        if (!isObject(s.customParameters)) return fail('wrong_type', 'start.customParameters');
        for (const [k, v] of Object.entries(s.customParameters)) {
          if (typeof v !== 'string' || v.length > 1024) return fail('wrong_type', `start.customParameters.${k}`);
          params[k] = v;
        }
      }
      const mf = isObject(s.mediaFormat) ? s.mediaFormat : {};
      const mediaFormat = {
        encoding: typeof mf.encoding === 'string' ? mf.encoding : 'audio/x-mulaw',
        sampleRate: typeof mf.sampleRate === 'number' ? mf.sampleRate : 8000,
        channels: typeof mf.channels === 'number' ? mf.channels : 1,
      };
      if (mediaFormat.encoding !== 'audio/x-mulaw' || mediaFormat.sampleRate !== 8000 || mediaFormat.channels !== 1) {
        return fail('wrong_type', 'start.mediaFormat must be audio/x-mulaw 8000 Hz mono');
      }
      const tracks = Array.isArray(s.tracks) ? s.tracks.filter((t): t is string => typeof t === 'string') : ['inbound'];
      return {
        ok: true,
        event: {
          event,
          sequenceNumber,
          streamSid,
          start: {
            streamSid: str(s.streamSid, 64) ?? streamSid,
            callSid,
            accountSid: str(s.accountSid, 64) ?? '',
            tracks,
            customParameters: params,
            mediaFormat,
          },
        },
      };
    }
    case 'media': {
      const m = msg.media;
      if (!isObject(m)) return fail('missing_field', 'media');
      const payload = m.payload;
      if (typeof payload !== 'string')
        return fail(payload === undefined ? 'missing_field' : 'wrong_type', 'media.payload');
      if (payload.length > (MAX_PAYLOAD_BYTES * 4) / 3 + 4 || payload.length % 4 !== 0 || !BASE64.test(payload)) {
        return fail('bad_payload', 'media.payload is not base64 audio of a sane size');
      }
      const track = m.track === undefined ? 'inbound' : m.track;
      if (track !== 'inbound' && track !== 'outbound') return fail('wrong_type', 'media.track');
      const chunk = m.chunk === undefined ? 0 : intField(m.chunk);
      const timestamp = m.timestamp === undefined ? 0 : intField(m.timestamp);
      if (chunk === null) return fail('wrong_type', 'media.chunk');
      if (timestamp === null) return fail('wrong_type', 'media.timestamp');
      const bytes = Buffer.from(payload, 'base64');
      return {
        ok: true,
        event: {
          event,
          sequenceNumber,
          streamSid,
          track,
          chunk,
          timestamp,
          payload: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        },
      };
    }
    case 'mark': {
      const mk = msg.mark;
      if (!isObject(mk)) return fail('missing_field', 'mark');
      const name = str(mk.name);
      if (!name) return fail('missing_field', 'mark.name');
      return { ok: true, event: { event, sequenceNumber, streamSid, name } };
    }
    case 'dtmf': {
      const d = msg.dtmf;
      if (!isObject(d)) return fail('missing_field', 'dtmf');
      const digit = d.digit;
      if (typeof digit !== 'string' || !/^[0-9*#A-D]$/.test(digit)) return fail('wrong_type', 'dtmf.digit');
      return { ok: true, event: { event, sequenceNumber, streamSid, digit } };
    }
    case 'stop': {
      const st = isObject(msg.stop) ? msg.stop : {};
      return { ok: true, event: { event, sequenceNumber, streamSid, callSid: str(st.callSid, 64) ?? '' } };
    }
    default:
      return fail('unknown_event', event.slice(0, 32));
  }
}

export type TwilioCommand =
  | { event: 'media'; streamSid: string; payload: Uint8Array }
  | { event: 'mark'; streamSid: string; name: string }
  | { event: 'clear'; streamSid: string };

export function encodeCommand(cmd: TwilioCommand): string {
  switch (cmd.event) {
    case 'media':
      return `{"event":"media","streamSid":${JSON.stringify(cmd.streamSid)},"media":{"payload":"${Buffer.from(
        cmd.payload.buffer,
        cmd.payload.byteOffset,
        cmd.payload.byteLength,
      ).toString('base64')}"}}`;
    case 'mark':
      return JSON.stringify({ event: 'mark', streamSid: cmd.streamSid, mark: { name: cmd.name } });
    case 'clear':
      return JSON.stringify({ event: 'clear', streamSid: cmd.streamSid });
  }
}

/**
 * Twilio Media Streams as the carrier-neutral codec the media socket speaks, one per stream: a
 * decoded media payload lives in the stream's own buffer until its next message is decoded, so
 * whoever keeps caller audio copies it (the ASR chunker does).
 */
export function createTwilioCodec(): MediaCodec {
  const scratch = new Uint8Array(MAX_PAYLOAD_BYTES);
  return { decode: (data) => decodeEvent(data, scratch), encode: encodeStreamCommand };
}

function decodeEvent(data: string | ArrayBuffer | Uint8Array, scratch?: Uint8Array): StreamDecodeResult {
  const r = decodeMessage(data, scratch);
  if (!r.ok) return r;
  const ev = r.event;
  switch (ev.event) {
    case 'connected':
      return { ok: true, event: { kind: 'connected' } };
    case 'start': {
      const { streamSid, callSid, customParameters } = ev.start;
      // The decoder refuses anything but μ-law 8 kHz mono, so the format is known.
      const streamId = ev.streamSid || streamSid;
      const start = { streamId, carrierCallId: callSid, parameters: customParameters, format: MULAW_8K };
      return { ok: true, event: { kind: 'start', start } };
    }
    case 'media': {
      const { streamSid: streamId, track, timestamp: timestampMs, payload } = ev;
      return { ok: true, event: { kind: 'media', streamId, inbound: track === 'inbound', timestampMs, payload } };
    }
    case 'mark':
      return { ok: true, event: { kind: 'mark', streamId: ev.streamSid, name: ev.name } };
    case 'dtmf':
      return { ok: true, event: { kind: 'dtmf', streamId: ev.streamSid, digit: ev.digit } };
    case 'stop':
      return { ok: true, event: { kind: 'stop', streamId: ev.streamSid } };
  }
}

function encodeStreamCommand(cmd: StreamCommand, streamSid: string): string {
  switch (cmd.kind) {
    case 'media':
      return encodeCommand({ event: 'media', streamSid, payload: cmd.payload });
    case 'mark':
      return encodeCommand({ event: 'mark', streamSid, name: cmd.name });
    case 'clear':
      return encodeCommand({ event: 'clear', streamSid });
  }
}

/** A codec without a reused buffer: every payload is its own allocation. */
export const twilioCodec: MediaCodec = { decode: (data) => decodeEvent(data), encode: encodeStreamCommand };
