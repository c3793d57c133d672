// Twilio's voice webhooks: the incoming call (answered with a bidirectional <Stream>) and call
// status callbacks. Both are signed by Twilio when TWILIO_AUTH_TOKEN is set.
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Runtime } from '../runtime.ts';
import { connectStreamTwiml, sayAndHangupTwiml } from '../telephony/twiml.ts';
import { isValidTwilioSignature, publicUrlOf, streamUrlFor } from '../telephony/signature.ts';
import { findCallBySid, queueCallStart, queueStatusCallback } from '../db/calls-repo.ts';
import { readBodyLimited } from './body-limit.ts';
import type { KnownCall } from '../call/registry.ts';
import { maskPhone } from '../log.ts';
import type { CallStatus } from '../db/schema.ts';

const Sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be ${prefix} followed by 32 hex digits`);
const Phone = z.string().min(1).max(64);

const IncomingCall = z.object({
  CallSid: Sid('CA'),
  AccountSid: Sid('AC').optional(),
  From: Phone.optional(),
  To: Phone,
  CallStatus: z.string().max(32).optional(),
  Direction: z.string().max(32).optional(),
});

const StatusCallback = z.object({
  CallSid: Sid('CA'),
  CallStatus: z.enum(['queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled']),
  CallDuration: z.string().regex(/^\d{1,7}$/).optional(),
});

const xml = (c: Context, body: string, status: 200 | 400 | 403 = 200) =>
  c.body(body, status, { 'Content-Type': 'text/xml; charset=utf-8' });

/** Reads a form body with a size limit; only string fields count (Twilio sends no files). */
type FormResult =
  | { ok: true; params: Record<string, string> }
  | { ok: false; status: 400 | 413 | 415; message: string };

async function readForm(c: Context, limit: number): Promise<FormResult> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    return { ok: false, status: 415, message: 'expected application/x-www-form-urlencoded' };
  }
  const body = await readBodyLimited(c.req.raw, limit);
  if (!body.ok) {
    return { ok: false, status: body.status, message: body.status === 413 ? 'form too large' : 'bad Content-Length' };
  }
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(new TextDecoder().decode(body.bytes))) params[k] = v;
  return { ok: true, params };
}

const badRequest = (c: Context, message: string, status: 400 | 413 | 415 = 400) =>
  c.json({ error: { code: 'bad_request', message } }, status);

const TROUBLE = 'Sorry, we’re having trouble answering right now. Please call back shortly.';

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

export function voiceRoutes(rt: Runtime): Hono {
  const app = new Hono();
  const formLimit = rt.config.env.MAX_WEBHOOK_BODY_BYTES;

  /** null when the request may proceed; a response otherwise. */
  const verify = (c: Context, params: Record<string, string>): Response | null => {
    const token = rt.config.env.TWILIO_AUTH_TOKEN;
    if (!token) {
      // Unsigned is a local-development convenience; start-up warns when the server is reachable.
      if (!rt.config.requireSignatures) return null;
      rt.log.warn('refused an unsigned webhook: signatures are required', { path: c.req.path });
      return c.json({ error: { code: 'forbidden', message: 'signatures are required and none can be verified' } }, 403);
    }
    const url = publicUrlOf(c.req.url, c.req.raw.headers, rt.config.env.PUBLIC_URL);
    if (isValidTwilioSignature({ authToken: token, signature: c.req.header('x-twilio-signature'), url, params })) return null;
    rt.log.warn('rejected webhook with a bad or missing signature', { path: c.req.path });
    return c.json({ error: { code: 'forbidden', message: 'invalid X-Twilio-Signature' } }, 403);
  };

  app.post('/voice/incoming', async (c) => {
    const form = await readForm(c, formLimit);
    if (!form.ok) return badRequest(c, form.message, form.status);
    const params = form.params;
    const denied = verify(c, params);
    if (denied) return denied;
    const parsed = IncomingCall.safeParse(params);
    if (!parsed.success) return badRequest(c, issues(parsed.error));
    const { CallSid, From, To } = parsed.data;
    const log = rt.log.child({ callSid: CallSid });
    if (rt.draining) {
      log.info('call refused while draining');
      return xml(c, sayAndHangupTwiml('Sorry, we can’t take your call this moment. Please call back in a minute.'));
    }
    let org;
    try {
      org = await rt.orgs.findByPhone(To);
    } catch (e) {
      log.error('org lookup failed', { error: e });
      return xml(c, sayAndHangupTwiml(TROUBLE));
    }
    if (!org || org.disabledAt) {
      log.warn('call to a number with no organization', { to: maskPhone(To), disabled: Boolean(org?.disabledAt) });
      return xml(c, sayAndHangupTwiml('Sorry, this number isn’t set up with our answering service. Goodbye.'));
    }
    const now = rt.clock.now();
    const simulatedNow = rt.config.env.ALLOW_SIMULATED_CLOCK && params.SimulatedNow ? Date.parse(params.SimulatedNow) : Number.NaN;
    let known: KnownCall | undefined;
    if (!rt.registry.has(CallSid)) {
      // Another process (or this one before a restart) may have answered this CallSid already.
      try {
        const row = await findCallBySid(rt.db.db, CallSid);
        if (row) known = { callId: row.id, token: row.streamToken };
      } catch (e) {
        log.error('call lookup failed', { error: e });
        return xml(c, sayAndHangupTwiml(TROUBLE));
      }
    }
    const issued = rt.registry.issue(
      {
        callId: randomUUID(),
        callSid: CallSid,
        orgId: org.id,
        callerPhone: From ?? null,
        ...(Number.isFinite(simulatedNow) ? { simulatedNow } : {}),
      },
      now,
      known,
    );
    const answered = issued.call;
    if (issued.repeat) {
      // Same call id and token as before; once its stream has started the token opens nothing.
      const streamStarted = issued.claimed;
      log.info('repeated webhook answered with the same call', { callId: answered.callId, streamStarted });
    } else {
      queueCallStart(rt.writes, {
        id: answered.callId,
        orgId: org.id,
        callSid: CallSid,
        callerPhone: From ?? null,
        region: rt.config.env.REGION,
        streamToken: answered.token,
        startedAt: answered.simulatedNow ?? now,
      });
    }
    const webhookUrl = publicUrlOf(c.req.url, c.req.raw.headers, rt.config.env.PUBLIC_URL);
    if (!issued.repeat) log.info('call answered', { orgId: org.id, from: maskPhone(From) });
    return xml(
      c,
      connectStreamTwiml({
        streamUrl: streamUrlFor(webhookUrl),
        parameters: { callId: answered.callId, orgId: answered.orgId, token: answered.token },
      }),
    );
  });

  app.post('/voice/status', async (c) => {
    const form = await readForm(c, formLimit);
    if (!form.ok) return badRequest(c, form.message, form.status);
    const params = form.params;
    const denied = verify(c, params);
    if (denied) return denied;
    const parsed = StatusCallback.safeParse(params);
    if (!parsed.success) return badRequest(c, issues(parsed.error));
    const d = parsed.data;
    queueStatusCallback(rt.writes, d.CallSid, d.CallStatus as CallStatus, d.CallDuration ? Number(d.CallDuration) : null);
    return c.body(null, 204);
  });

  return app;
}
