// Carrier webhooks, whichever carrier posts them: the carrier verifies and parses its own wire
// format; admitting the call (one call row per carrier call id, a signed stream token) happens here
// once for all of them.
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { Runtime } from '../runtime.ts';
import type { Carrier, CallStatusUpdate, IncomingCall } from '../carriers/types.ts';
import { publicUrlOf, streamUrlFor } from './public-url.ts';
import { admitCallRow, queueStatusCallback } from '../db/calls-repo.ts';
import { readBodyLimited } from './body-limit.ts';
import { signStreamToken } from '../call/stream-token.ts';
import { maskPhone } from '../log.ts';

const TROUBLE = 'Sorry, we’re having trouble answering right now. Please call back shortly.';
const DRAINING = 'Sorry, we can’t take your call this moment. Please call back in a minute.';
const NOT_SET_UP = 'Sorry, this number isn’t set up with our answering service. Goodbye.';

const badRequest = (c: Context, message: string, status: 400 | 413) =>
  c.json({ error: { code: 'bad_request', message } }, status);

export function voiceRoutes(rt: Runtime, carriers: readonly Carrier[]): Hono {
  const app = new Hono();
  for (const carrier of carriers) {
    for (const path of carrier.webhookPaths) {
      app.post(path, async (c) => {
        const body = await readBodyLimited(c.req.raw, rt.config.env.MAX_WEBHOOK_BODY_BYTES);
        if (!body.ok) return badRequest(c, body.status === 413 ? 'body too large' : 'bad Content-Length', body.status);
        const publicUrl = publicUrlOf(c.req.url, c.req.raw.headers, rt.config.env.PUBLIC_URL);
        const read = carrier.readWebhook({
          path,
          publicUrl,
          headers: c.req.raw.headers,
          body: body.bytes,
          contentType: c.req.header('content-type') ?? '',
          requireSignatures: rt.config.requireSignatures,
          allowSimulatedClock: rt.config.env.ALLOW_SIMULATED_CLOCK,
          nowMs: Date.now(),
        });
        if (!read.ok) {
          if (read.response.status === 403) rt.log.warn('refused a webhook', { carrier: carrier.name, path });
          return read.response;
        }
        const ev = read.event;
        if (ev.kind === 'incoming') return admit(rt, carrier, ev.call, publicUrl);
        if (ev.kind === 'dialEnded') return transferEnded(rt, carrier, ev, publicUrl);
        if (ev.kind === 'whisper') {
          const pending = rt.registry.transferOf({ carrier: carrier.name, carrierCallId: ev.carrierCallId });
          return carrier.whisper?.(pending?.whisper ?? '') ?? c.body(null, 204);
        }
        if (ev.kind === 'status') recordStatus(rt, carrier, ev.update);
        return c.body(null, 204);
      });
    }
  }
  return app;
}

/**
 * A transfer's dial ended. Answered: the call is over. Busy, unanswered or failed: the call comes
 * back to the assistant on a new stream, which takes a message (never a dead end).
 */
function transferEnded(
  rt: Runtime,
  carrier: Carrier,
  ev: { carrierCallId: string; answered: boolean; status: string },
  publicUrl: string,
): Response {
  const ref = { carrier: carrier.name, carrierCallId: ev.carrierCallId };
  const log = rt.log.child({ carrier: carrier.name, carrierCallId: ev.carrierCallId });
  const done = () => carrier.transferDone?.() ?? new Response(null, { status: 204 });
  if (ev.answered) {
    rt.registry.transferDone(ref);
    log.info('transfer answered');
    return done();
  }
  const back = rt.draining ? null : rt.registry.returnFromTransfer(ref, rt.clock.now());
  if (!back) {
    log.warn('transfer not answered and the call cannot come back', { status: ev.status, draining: rt.draining });
    return carrier.refuse(ev.carrierCallId, TROUBLE, log);
  }
  log.info('transfer not answered: back to the assistant', { status: ev.status, leg: back.call.returned?.leg });
  const { call } = back;
  return carrier.answer(
    {
      callId: call.callId,
      carrierCallId: ev.carrierCallId,
      streamUrl: streamUrlFor(publicUrl, carrier.streamPath),
      parameters: { callId: call.callId, orgId: call.orgId, token: back.token },
      repeat: false,
    },
    log,
  );
}

function recordStatus(rt: Runtime, carrier: Carrier, u: CallStatusUpdate): void {
  const key = { carrier: carrier.name, carrierCallId: u.carrierCallId };
  queueStatusCallback(rt.writes, key, u.status, u.durationSeconds);
}

/**
 * Answers a call once per carrier call id, however often (and wherever) the carrier asks: the call
 * row is the one answer, and its signed stream token opens the stream on any instance, once.
 */
async function admit(rt: Runtime, carrier: Carrier, incoming: IncomingCall, publicUrl: string): Promise<Response> {
  const { carrierCallId, from, to } = incoming;
  const log = rt.log.child({ carrier: carrier.name, carrierCallId });
  if (rt.draining) {
    log.info('call refused while draining');
    return carrier.refuse(carrierCallId, DRAINING, log);
  }
  let org;
  try {
    org = await rt.orgs.findByPhone(to);
  } catch (e) {
    log.error('org lookup failed', { error: e });
    return carrier.refuse(carrierCallId, TROUBLE, log);
  }
  if (!org || org.disabledAt) {
    log.warn('call to a number with no organization', { to: maskPhone(to), disabled: Boolean(org?.disabledAt) });
    return carrier.refuse(carrierCallId, NOT_SET_UP, log);
  }
  const now = rt.clock.now();
  const ref = { carrier: carrier.name, carrierCallId };
  const sim = incoming.simulatedNow !== undefined ? { simulatedNow: incoming.simulatedNow } : {};
  let row;
  try {
    row = await admitCallRow(rt.db.db, {
      id: randomUUID(),
      orgId: org.id,
      ...ref,
      callerPhone: from,
      region: rt.config.env.REGION,
      instanceId: rt.instanceId,
      startedAt: incoming.simulatedNow ?? now,
      // Wall time: the instance that checks the expiry may run another (simulated) clock.
      streamExpiresAt: Date.now() + rt.config.env.STREAM_TOKEN_TTL_SECONDS * 1000,
    });
  } catch (e) {
    log.error('call admission failed', { error: e });
    return carrier.refuse(carrierCallId, TROUBLE, log);
  }
  if (row.created) log.info('call answered', { orgId: org.id, from: maskPhone(from ?? undefined) });
  else log.info('repeated webhook answered with the same call', { callId: row.id, streamStarted: row.spent });
  // The same claims for every answer of a call, so every repeat carries the same token. A spent
  // call still gets one: its claim on the row is what refuses it.
  const token = signStreamToken(rt.streamSecret, {
    callId: row.id,
    orgId: row.orgId,
    ...ref,
    expiresAt: row.streamExpiresAt ?? 0,
    ...sim,
  });
  return carrier.answer(
    {
      callId: row.id,
      carrierCallId,
      streamUrl: streamUrlFor(publicUrl, carrier.streamPath),
      parameters: { callId: row.id, orgId: row.orgId, token },
      repeat: !row.created,
    },
    log,
  );
}
