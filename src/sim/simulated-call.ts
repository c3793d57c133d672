// A simulated caller on either carrier: the carrier's webhook, its answer, then the media stream,
// behind one shape so scenarios and tools run unchanged through Twilio or Telnyx.
import { decodeClientState } from '../carriers/telnyx/answer.ts';
import type { SimEnv } from './sim-env.ts';
import { connectFromTwiml, placeCall, randomSid } from './twilio-caller.ts';
import { placeTelnyxCall, randomCallControlId } from './telnyx-caller.ts';
import type { PlayoutStats } from './playout-buffer.ts';

export const SIM_CARRIERS = ['twilio', 'telnyx'] as const;
export type SimCarrier = (typeof SIM_CARRIERS)[number];

/** The caller's end of the media stream, as both simulated carriers provide it. */
export interface SimulatedLine {
  readonly received: Uint8Array[];
  readonly stats: Pick<PlayoutStats, 'bytesReceived'>;
  readonly isClosed: boolean;
  /** The last mark echoed (a reply ending in a transfer ends with `….handoff.end`). */
  readonly lastMark?: string | null;
  sendAudio(mulaw: Uint8Array): void;
  sendDtmf(digit: string): void;
  /** The caller hangs up. */
  stop(): void;
  waitClosed(): Promise<{ code: number; reason: string }>;
  waitForReplyEnd(timeoutMs: number): Promise<'end' | 'closed' | 'timeout'>;
  audio(): Uint8Array;
}

export interface SimulatedCall {
  line: SimulatedLine;
  /** Our call id, as the answer handed it to the stream (null if it did not). */
  callId: string | null;
  carrierCallId: string;
}

/** A Twilio call that came back to us (the Dial action's `<Connect><Stream>`): its new stream. */
export async function reconnectTwilio(env: SimEnv, callSid: string, twiml: string): Promise<SimulatedLine | null> {
  return connectFromTwiml(env.serverUrl, callSid, twiml, env.timeScale);
}

/** The carrier's id for the next call, chosen first so the caller's script can be keyed by it. */
export function newCarrierCallId(carrier: SimCarrier): string {
  return carrier === 'telnyx' ? randomCallControlId() : randomSid('CA');
}

export interface PlaceOptions {
  carrier: SimCarrier;
  carrierCallId: string;
  to: string;
  from: string;
  /** ISO instant the call's clock starts at (needs ALLOW_SIMULATED_CLOCK). */
  simulatedNow?: string;
}

export async function placeSimulatedCall(env: SimEnv, o: PlaceOptions): Promise<SimulatedCall> {
  if (o.carrier === 'twilio') {
    const { stream, answer } = await placeCall({
      serverUrl: env.serverUrl,
      to: o.to,
      from: o.from,
      callSid: o.carrierCallId,
      timeScale: env.timeScale,
      ...(env.twilio ? { authToken: env.twilio.authToken } : {}),
      ...(o.simulatedNow ? { extraForm: { SimulatedNow: o.simulatedNow } } : {}),
    });
    return { line: stream, callId: answer.parameters.callId ?? null, carrierCallId: o.carrierCallId };
  }
  if (!env.telnyx) throw new Error('this simulation environment was started without Telnyx');
  const call = await placeTelnyxCall({
    serverUrl: env.serverUrl,
    rest: env.telnyx.rest,
    signer: env.telnyx.signer,
    to: o.to,
    from: o.from,
    callControlId: o.carrierCallId,
    timeScale: env.timeScale,
    ...(o.simulatedNow ? { headers: { 'x-simulated-now': o.simulatedNow } } : {}),
  });
  const state = call.answer.body.client_state;
  const callId = decodeClientState(typeof state === 'string' ? state : null)?.callId ?? null;
  return { line: call.stream, callId, carrierCallId: o.carrierCallId };
}
