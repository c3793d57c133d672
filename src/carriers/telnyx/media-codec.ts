// Telnyx media streaming over WebSocket as a codec: JSON text in → typed event (or why it was
// refused), typed command → JSON text out. Pure; the socket handler only moves bytes.
//
// Confirmed (Telnyx "Stream call media over WebSocket" AsyncAPI page and its examples; Pipecat's
// Telnyx serializer):
// - Telnyx connects to `stream_url` and sends text frames, one JSON object each: `connected`
//   (`version`), then `start` (top-level `stream_id`, `sequence_number` as a string; `start` with
//   `call_control_id`, `call_session_id`, `from`, `to`, `client_state`, `custom_parameters`,
//   `media_format` `{ encoding: "PCMU", sample_rate: 8000, channels: 1 }`), then `media`
//   (`media.payload` base64 RTP payload without headers, plus `track`, `chunk`, `timestamp`),
//   and `dtmf`, `mark`, `error`, `stop` as they happen;
// - frame order is not guaranteed: `media.chunk`, `media.timestamp`, `sequence_number` order them;
// - with bidirectional RTP we send `{"event":"media","media":{"payload":…}}` (20 ms to 30 s of
//   audio per frame), `{"event":"mark","mark":{"name":…}}` and `{"event":"clear"}`; a mark comes
//   back once the audio before it has played (at once if nothing is queued), and clear returns
//   the queued marks.
// Not confirmed (the AsyncAPI field lists were not readable; shapes follow the Twilio-compatible
// pattern the examples show): `dtmf.digit`, `stop.call_control_id`, the error frame's
// `payload { code, title, detail }`, and whether every non-start frame carries `stream_id` — so
// `stream_id` and `sequence_number` are optional after `start`, and unknown fields are ignored.

export type TelnyxEncoding = 'PCMU' | 'PCMA' | 'G722' | 'OPUS' | 'AMR-WB' | 'L16';
const ENCODINGS: readonly string[] = ['PCMU', 'PCMA', 'G722', 'OPUS', 'AMR-WB', 'L16'];

export interface AudioFormat {
  encoding: TelnyxEncoding;
  sampleRate: number;
  channels: number;
}

export interface TelnyxStartInfo {
  callControlId: string;
  callSessionId: string | null;
  from: string | null;
  to: string | null;
  clientState: string | null;
  customParameters: Record<string, string>;
  mediaFormat: AudioFormat;
}

export type TelnyxEvent =
  | { event: 'connected'; version: string }
  | { event: 'start'; sequenceNumber: number; streamId: string; start: TelnyxStartInfo }
  | {
      event: 'media';
      sequenceNumber: number | null;
      streamId: string | null;
      track: 'inbound' | 'outbound';
      chunk: number;
      timestamp: number;
      payload: Uint8Array;
    }
  | { event: 'mark'; sequenceNumber: number | null; streamId: string | null; name: string }
  | { event: 'dtmf'; sequenceNumber: number | null; streamId: string | null; digit: string }
  | { event: 'stop'; sequenceNumber: number | null; streamId: string | null; callControlId: string | null }
  | {
      event: 'error';
      sequenceNumber: number | null;
      streamId: string | null;
      code: number | null;
      title: string;
      detail: string;
    };

export type DecodeError =
  | 'binary_frame'
  | 'too_large'
  | 'bad_json'
  | 'not_an_object'
  | 'unknown_event'
  | 'missing_field'
  | 'wrong_type'
  | 'bad_payload';

export type DecodeResult = { ok: true; event: TelnyxEvent } | { ok: false; error: DecodeError; detail: string };

/** Telnyx sends 20 ms frames; 64 KB of JSON is far past anything legitimate. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** One second of 8 kHz μ-law. */
const MAX_PAYLOAD_BYTES = 8000;

type Json = Record<string, unknown>;

const fail = (error: DecodeError, detail: string): DecodeResult => ({ ok: false, error, detail });

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Telnyx sends counters as strings ("1"); accept a non-negative integer in either form. */
function intField(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  return null;
}

function str(v: unknown, max = 256): string | null {
  return typeof v === 'string' && v.length > 0 && v.length <= max ? v : null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Optional after start: absent is null, present must be well-formed. */
type Header = { seq: number | null; streamId: string | null };

function optionalHeader(msg: Json): Header | { error: DecodeResult } {
  const seq = msg.sequence_number === undefined ? null : intField(msg.sequence_number);
  if (msg.sequence_number !== undefined && seq === null) return { error: fail('wrong_type', 'sequence_number') };
  const streamId = msg.stream_id === undefined ? null : str(msg.stream_id, 128);
  if (msg.stream_id !== undefined && streamId === null) return { error: fail('wrong_type', 'stream_id') };
  return { seq, streamId };
}

function decodeStart(msg: Json): DecodeResult {
  const sequenceNumber = intField(msg.sequence_number);
  if (sequenceNumber === null) {
    return fail(msg.sequence_number === undefined ? 'missing_field' : 'wrong_type', 'sequence_number');
  }
  const streamId = str(msg.stream_id, 128);
  if (!streamId) return fail('missing_field', 'stream_id');
  const s = msg.start;
  if (!isObject(s)) return fail('missing_field', 'start');
  const callControlId = str(s.call_control_id);
  if (!callControlId) return fail('missing_field', 'start.call_control_id');
  const customParameters: Record<string, string> = {};
  if (s.custom_parameters !== undefined && s.custom_parameters !== null) {
    if (!isObject(s.custom_parameters)) return fail('wrong_type', 'start.custom_parameters');
    for (const [k, v] of Object.entries(s.custom_parameters)) {
      if (typeof v !== 'string' || v.length > 1024) return fail('wrong_type', `start.custom_parameters.${k}`);
      customParameters[k] = v;
    }
  }
  if (s.client_state !== undefined && s.client_state !== null && typeof s.client_state !== 'string') {
    return fail('wrong_type', 'start.client_state');
  }
  const mf = s.media_format;
  if (!isObject(mf)) return fail('missing_field', 'start.media_format');
  const encoding = mf.encoding;
  if (typeof encoding !== 'string' || !ENCODINGS.includes(encoding)) {
    return fail('wrong_type', 'start.media_format.encoding');
  }
  const sampleRate = intField(mf.sample_rate);
  if (sampleRate === null || sampleRate === 0) return fail('wrong_type', 'start.media_format.sample_rate');
  const channels = mf.channels === undefined ? 1 : intField(mf.channels);
  if (channels === null || channels === 0) return fail('wrong_type', 'start.media_format.channels');
  return {
    ok: true,
    event: {
      event: 'start',
      sequenceNumber,
      streamId,
      start: {
        callControlId,
        callSessionId: str(s.call_session_id, 128),
        from: str(s.from),
        to: str(s.to),
        clientState: typeof s.client_state === 'string' ? s.client_state.slice(0, 4096) : null,
        customParameters,
        mediaFormat: { encoding: encoding as TelnyxEncoding, sampleRate, channels },
      },
    },
  };
}

function decodeMedia(msg: Json, seq: number | null, streamId: string | null): DecodeResult {
  const m = msg.media;
  if (!isObject(m)) return fail('missing_field', 'media');
  const payload = m.payload;
  if (typeof payload !== 'string') return fail(payload === undefined ? 'missing_field' : 'wrong_type', 'media.payload');
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
      event: 'media',
      sequenceNumber: seq,
      streamId,
      track,
      chunk,
      timestamp,
      payload: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    },
  };
}

export function decodeMessage(data: string | ArrayBuffer | Uint8Array): DecodeResult {
  if (typeof data !== 'string') return fail('binary_frame', 'binary frames are not part of the protocol');
  if (data.length > MAX_MESSAGE_BYTES) return fail('too_large', `${data.length} bytes`);
  let msg: unknown;
  try {
    msg = JSON.parse(data);
  } catch {
    return fail('bad_json', 'not JSON');
  }
  if (!isObject(msg)) return fail('not_an_object', 'message is not a JSON object');
  const event = msg.event;
  if (typeof event !== 'string') return fail('missing_field', 'event');
  if (event === 'connected') return { ok: true, event: { event, version: str(msg.version, 32) ?? '' } };
  if (event === 'start') return decodeStart(msg);

  const header = optionalHeader(msg);
  if ('error' in header) return header.error;
  const { seq, streamId } = header;
  switch (event) {
    case 'media':
      return decodeMedia(msg, seq, streamId);
    case 'mark': {
      const mk = msg.mark;
      if (!isObject(mk)) return fail('missing_field', 'mark');
      const name = str(mk.name);
      if (!name) return fail('missing_field', 'mark.name');
      return { ok: true, event: { event, sequenceNumber: seq, streamId, name } };
    }
    case 'dtmf': {
      const d = msg.dtmf;
      if (!isObject(d)) return fail('missing_field', 'dtmf');
      const digit = d.digit;
      if (typeof digit !== 'string' || !/^[0-9*#A-D]$/.test(digit)) return fail('wrong_type', 'dtmf.digit');
      return { ok: true, event: { event, sequenceNumber: seq, streamId, digit } };
    }
    case 'stop': {
      const st = isObject(msg.stop) ? msg.stop : {};
      return { ok: true, event: { event, sequenceNumber: seq, streamId, callControlId: str(st.call_control_id) } };
    }
    case 'error': {
      const p = isObject(msg.payload) ? msg.payload : {};
      const code = typeof p.code === 'number' && Number.isInteger(p.code) ? p.code : intField(p.code);
      return {
        ok: true,
        event: {
          event,
          sequenceNumber: seq,
          streamId,
          code,
          title: str(p.title) ?? 'error',
          detail: typeof p.detail === 'string' ? p.detail.slice(0, 512) : '',
        },
      };
    }
    default:
      return fail('unknown_event', event.slice(0, 32));
  }
}

/** What our call pipeline speaks today: μ-law, 8 kHz, mono. Anything else needs conversion first. */
export function isMulaw8kMono(f: AudioFormat): boolean {
  return f.encoding === 'PCMU' && f.sampleRate === 8000 && f.channels === 1;
}

export type TelnyxCommand =
  | { event: 'media'; payload: Uint8Array }
  | { event: 'mark'; name: string }
  | { event: 'clear' };

export function encodeCommand(cmd: TelnyxCommand): string {
  switch (cmd.event) {
    case 'media': {
      const b64 = Buffer.from(cmd.payload.buffer, cmd.payload.byteOffset, cmd.payload.byteLength).toString('base64');
      return `{"event":"media","media":{"payload":"${b64}"}}`;
    }
    case 'mark':
      return JSON.stringify({ event: 'mark', mark: { name: cmd.name } });
    case 'clear':
      return '{"event":"clear"}';
  }
}
