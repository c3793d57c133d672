// Admitting a media stream on any instance: the signed token must name this carrier's call and be
// unexpired (checked in memory), then the call row is claimed (one atomic update, the only database
// round trip of a stream's start), so a token opens one stream, on whichever instance it lands.
import type { Runtime } from '../runtime.ts';
import type { StreamStart } from '../carriers/types.ts';
import type { Organization } from '../db/schema.ts';
import type { AnsweredCall } from './registry.ts';
import { verifyStreamToken } from './stream-token.ts';
import { claimStream } from '../db/calls-repo.ts';

export type StreamAdmission = { ok: true; call: AnsweredCall; org: Organization } | { ok: false; reason: string };

const REFUSED = { ok: false, reason: 'unknown call or invalid stream token' } as const;

export async function admitStream(
  rt: Pick<Runtime, 'db' | 'orgs' | 'clock' | 'instanceId' | 'streamSecret'>,
  carrier: string,
  start: Pick<StreamStart, 'carrierCallId' | 'streamId' | 'parameters'>,
): Promise<StreamAdmission> {
  const ref = { carrier, carrierCallId: start.carrierCallId };
  // Wall time: the expiry was set by whichever instance answered, on its wall clock.
  const claims = verifyStreamToken(rt.streamSecret, start.parameters.token, ref, Date.now());
  if (!claims) return REFUSED;
  // The org is usually a cache hit; looked up alongside the claim, never after it.
  const [claimed, org] = await Promise.all([
    claimStream(rt.db.db, {
      callId: claims.callId,
      orgId: claims.orgId,
      ...ref,
      streamSid: start.streamId,
      instanceId: rt.instanceId,
      now: rt.clock.now(),
    }),
    rt.orgs.findById(claims.orgId),
  ]);
  if (!claimed) return REFUSED;
  if (!org) return { ok: false, reason: 'organization not found' };
  const call: AnsweredCall = {
    callId: claims.callId,
    orgId: claims.orgId,
    ...ref,
    callerPhone: claimed.callerPhone,
    ...(claims.simulatedNow !== undefined ? { simulatedNow: claims.simulatedNow } : {}),
  };
  return { ok: true, call, org };
}
