// Hands a live call to a person at its carrier: the dial's callback URLs on our public origin, the
// business number as caller ID, and the whisper kept until the carrier fetches it. If nobody
// answers, the carrier's report (the Dial action) brings the call back (http/voice-routes.ts).
import type { Carrier } from '../carriers/types.ts';
import type { TransferPlan } from '../dialogue/types.ts';
import type { Logger } from '../log.ts';
import type { AnsweredCall, CallRegistry } from './registry.ts';

export const DIAL_ACTION_PATH = '/voice/dial-action';
export const WHISPER_PATH = '/voice/whisper';

export interface TransferCallDeps {
  carrier: Carrier;
  call: AnsweredCall;
  /** The business number the call came in on: shown to the person called. */
  businessNumber: string;
  registry: Pick<CallRegistry, 'noteTransfer' | 'transferDone'>;
  now: () => number;
  log: Logger;
}

export async function transferCall(d: TransferCallDeps, plan: TransferPlan): Promise<boolean> {
  const { call, carrier } = d;
  const origin = call.publicOrigin;
  if (!origin) {
    d.log.warn('transfer impossible: no public origin known for the call');
    return false;
  }
  const ref = { carrier: call.carrier, carrierCallId: call.carrierCallId };
  const pending = { whisper: plan.whisper, ...(plan.callerName ? { callerName: plan.callerName } : {}) };
  d.registry.noteTransfer(call, pending, d.now());
  const whisperUrl = plan.whisper ? `${origin}${WHISPER_PATH}?parent=${encodeURIComponent(call.carrierCallId)}` : null;
  const result = await carrier.transfer(call.carrierCallId, {
    to: plan.to,
    callerId: d.businessNumber,
    timeoutSeconds: plan.timeoutSeconds,
    actionUrl: `${origin}${DIAL_ACTION_PATH}`,
    ...(whisperUrl ? { whisperUrl } : {}),
  });
  if (!result.ok) {
    d.registry.transferDone(ref);
    d.log.warn('transfer refused by the carrier', { message: result.message, retryable: result.retryable });
    return false;
  }
  d.log.info('call transferred', { mode: plan.mode, reason: plan.reason });
  return true;
}
