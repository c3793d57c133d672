// Telnyx behind the Carrier interface. Unlike Twilio, a Call Control call is answered by a REST
// command sent after the webhook's 200, our stream parameters come back in client_state (or the
// stream URL's query), stream commands carry no stream id, and closing the media socket leaves
// the call up: ending it takes a REST hang-up.
import { MULAW_8K, type AudioFormat, type Carrier, type CarrierLog, type ControlResult } from '../types.ts';
import type { MediaCodec, StreamDecodeResult } from '../types.ts';
import { alawToMulaw } from '../../audio/alaw.ts';
import { streamParametersFrom } from './answer.ts';
import type { ControlResult as TelnyxResult, TelnyxControl } from './control.ts';
import { decodeMessage, encodeCommand, type AudioFormat as TelnyxFormat } from './media-codec.ts';
import { createReplayGuard, signatureHeaders, verifyTelnyxSignature } from './signature.ts';
import { parseTelnyxWebhook } from './webhook.ts';
import type { TelnyxSettings } from './env.ts';

export const WEBHOOK_PATH = '/telnyx/voice';
export const STREAM_PATH = '/telnyx/media-stream';

const ENCODINGS: Record<string, AudioFormat['encoding']> = { PCMU: 'mulaw', PCMA: 'alaw', L16: 'l16' };

const formatOf = (f: TelnyxFormat): AudioFormat => ({
  encoding: ENCODINGS[f.encoding] ?? 'other',
  sampleRate: f.sampleRate,
  channels: f.channels,
});

const neutral = (r: TelnyxResult): ControlResult =>
  r.ok ? { ok: true } : { ok: false, message: r.message, retryable: r.retryable };

const refusal = (status: number, code: string, message: string) => ({
  ok: false as const,
  response: Response.json({ error: { code, message } }, { status }),
});

const isAlaw8k = (f: AudioFormat): boolean => f.encoding === 'alaw' && f.sampleRate === 8000 && f.channels === 1;

/**
 * One stream's codec: the URL it was opened on may carry our parameters. Inbound A-law 8 kHz is
 * converted to μ-law here, at the edge (our answer asks Telnyx for PCMU both ways, but a stream
 * started elsewhere may still arrive as PCMA); our outbound audio is always μ-law.
 */
export function telnyxCodec(upgradeUrl: string): MediaCodec {
  let alaw = false;
  return {
    decode(data): StreamDecodeResult {
      const r = decodeMessage(data);
      if (!r.ok) return r;
      const ev = r.event;
      switch (ev.event) {
        case 'connected':
          return { ok: true, event: { kind: 'connected' } };
        case 'start': {
          const parameters = streamParametersFrom(ev.start, upgradeUrl);
          const announced = formatOf(ev.start.mediaFormat);
          alaw = isAlaw8k(announced);
          const format = alaw ? MULAW_8K : announced;
          const start = { streamId: ev.streamId, carrierCallId: ev.start.callControlId, parameters, format };
          return { ok: true, event: { kind: 'start', start } };
        }
        case 'media': {
          const { streamId, timestamp: timestampMs } = ev;
          const payload = alaw ? alawToMulaw(ev.payload) : ev.payload;
          return {
            ok: true,
            event: { kind: 'media', streamId, inbound: ev.track === 'inbound', timestampMs, payload },
          };
        }
        case 'mark':
          return { ok: true, event: { kind: 'mark', streamId: ev.streamId, name: ev.name } };
        case 'dtmf':
          return { ok: true, event: { kind: 'dtmf', streamId: ev.streamId, digit: ev.digit } };
        case 'stop':
          return { ok: true, event: { kind: 'stop', streamId: ev.streamId } };
        case 'error':
          return { ok: true, event: { kind: 'notice', streamId: ev.streamId, detail: `${ev.title}: ${ev.detail}` } };
      }
    },
    encode(cmd) {
      switch (cmd.kind) {
        case 'media':
          return encodeCommand({ event: 'media', payload: cmd.payload });
        case 'mark':
          return encodeCommand({ event: 'mark', name: cmd.name });
        case 'clear':
          return encodeCommand({ event: 'clear' });
      }
    },
  };
}

/** After the webhook's response: Telnyx waits for neither, and answering first would race it. */
function afterResponse(log: CarrierLog, what: string, carrierCallId: string, send: () => Promise<TelnyxResult>): void {
  setTimeout(() => {
    send().then(
      (r) => {
        if (r.ok) return;
        log.error(`telnyx ${what} failed`, { carrierCallId, status: r.status, code: r.code, detail: r.message });
      },
      (e: unknown) => log.error(`telnyx ${what} failed`, { carrierCallId, error: e }),
    );
  }, 0);
}

export function createTelnyxCarrier(settings: TelnyxSettings, control: TelnyxControl): Carrier {
  const replayGuard = createReplayGuard(settings.toleranceSeconds);
  return {
    name: 'telnyx',
    webhookPaths: [WEBHOOK_PATH],
    streamPath: STREAM_PATH,
    socketCloseEndsCall: false,
    readWebhook(req) {
      if (!req.contentType.startsWith('application/json')) {
        return refusal(415, 'bad_request', 'expected application/json');
      }
      const sig = verifyTelnyxSignature({
        publicKey: settings.publicKey,
        ...signatureHeaders(req.headers),
        rawBody: req.body,
        nowMs: req.nowMs,
        toleranceSeconds: settings.toleranceSeconds,
        replayGuard,
      });
      if (!sig.ok) return refusal(403, 'forbidden', `invalid Telnyx signature (${sig.reason})`);
      const parsed = parseTelnyxWebhook(new TextDecoder().decode(req.body));
      if (!parsed.ok) return refusal(parsed.error === 'too_large' ? 413 : 400, 'bad_request', parsed.message);
      const ev = parsed.event;
      switch (ev.kind) {
        case 'incoming': {
          // The simulator's clock travels in a header: never honoured unless ALLOW_SIMULATED_CLOCK.
          const at = req.allowSimulatedClock ? Date.parse(req.headers.get('x-simulated-now') ?? '') : Number.NaN;
          const call = { ...ev.call, ...(Number.isFinite(at) ? { simulatedNow: at } : {}) };
          return { ok: true, event: { kind: 'incoming', call } };
        }
        case 'hangup':
        case 'stream_failed': {
          const status = ev.kind === 'hangup' ? 'completed' : 'failed';
          return {
            ok: true,
            event: { kind: 'status', update: { carrierCallId: ev.carrierCallId, status, durationSeconds: null } },
          };
        }
        case 'ignored':
          return { ok: true, event: { kind: 'ignored', detail: ev.eventType } };
      }
    },
    answer(call, log) {
      // One command id per call: a repeated webhook re-sends the same answer, which Telnyx ignores.
      const input = {
        callControlId: call.carrierCallId,
        streamUrl: call.streamUrl,
        parameters: call.parameters,
        commandId: `answer-${call.callId}`,
      };
      afterResponse(log, 'answer', call.carrierCallId, () => control.answer(input));
      return new Response(null, { status: 200 });
    },
    refuse(carrierCallId, _message, log) {
      // Call Control has no answer-with-a-message in one step: the call is hung up unanswered.
      afterResponse(log, 'hangup', carrierCallId, () => control.hangup(carrierCallId));
      return new Response(null, { status: 200 });
    },
    // Telnyx does not sign stream connections: the single-use token in the stream's parameters is the check.
    verifyStreamUpgrade: () => null,
    openStream: telnyxCodec,
    hangup: async (carrierCallId) => neutral(await control.hangup(carrierCallId)),
    // A cold transfer: Telnyx bridges the new leg itself and reports nothing back to return to.
    transfer: async (carrierCallId, req) =>
      neutral(
        await control.transfer(carrierCallId, req.to, { from: req.callerId, timeoutSeconds: req.timeoutSeconds }),
      ),
  };
}
