// Twilio behind the Carrier interface: TwiML answers (a bidirectional <Connect><Stream>), signed
// form webhooks, Media Streams, and REST control. Closing the stream's socket ends a call that
// TwiML connected to it, so hanging up needs no REST call.
import type { Carrier, ControlResult } from '../types.ts';
import { connectStreamTwiml, endTwiml, sayAndHangupTwiml, whisperTwiml } from './twiml.ts';
import { isValidTwilioSignature } from './signature.ts';
import { createTwilioCodec } from './media-codec.ts';
import { DIAL_ACTION_PATH, INCOMING_PATH, STATUS_PATH, WHISPER_PATH, readTwilioWebhook } from './webhook.ts';
import type { TwilioControl } from './control.ts';

export interface TwilioCarrierOptions {
  /** Verifies webhooks and stream upgrades; unset: unsigned requests pass unless signatures are required. */
  authToken?: string;
  /** REST control; without an account SID there is none (transfer is then unavailable). */
  control?: TwilioControl;
}

const xml = (body: string): Response =>
  new Response(body, { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } });

const noControl: ControlResult = { ok: false, message: 'TWILIO_ACCOUNT_SID is not set', retryable: false };

export function createTwilioCarrier(opts: TwilioCarrierOptions = {}): Carrier {
  return {
    name: 'twilio',
    webhookPaths: [INCOMING_PATH, STATUS_PATH, DIAL_ACTION_PATH, WHISPER_PATH],
    streamPath: '/media-stream',
    socketCloseEndsCall: true,
    readWebhook: (req) => readTwilioWebhook(req, opts.authToken),
    answer: (call) =>
      xml(
        connectStreamTwiml({
          streamUrl: call.streamUrl,
          parameters: call.parameters,
        }),
      ),
    refuse: (_sid, message) => xml(sayAndHangupTwiml(message)),
    verifyStreamUpgrade(req, publicUrl, requireSignatures) {
      const signature = req.headers.get('x-twilio-signature');
      if (!opts.authToken) return requireSignatures ? new Response('signatures are required', { status: 403 }) : null;
      if (!signature && !requireSignatures) return null; // the stream token still has to match
      const url = publicUrl.replace(/^http/, 'ws');
      if (!isValidTwilioSignature({ authToken: opts.authToken, signature, url, params: {} })) {
        return new Response('invalid signature', { status: 403 });
      }
      return null;
    },
    openStream: () => createTwilioCodec(),
    hangup: async (callSid) => (opts.control ? opts.control.hangup(callSid) : { ok: true }),
    transfer: async (callSid, req) => (opts.control ? opts.control.transfer(callSid, req) : noControl),
    transferDone: () => xml(endTwiml()),
    whisper: (text) => xml(whisperTwiml(text)),
  };
}
