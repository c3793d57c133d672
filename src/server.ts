// Bun.serve: the Hono app for HTTP and Bun's native WebSocket for each carrier's media stream
// (Twilio's /media-stream, Telnyx's /telnyx/media-stream).
import type { Server, ServerWebSocket } from 'bun';
import { Hono } from 'hono';
import type { Runtime } from './runtime.ts';
import { voiceRoutes } from './http/voice-routes.ts';
import { transferCall } from './call/transfer-call.ts';
import { MediaSocket, type SocketTimers, type StartVerdict } from './telephony/media-socket.ts';
import type { Carrier, StreamStart } from './carriers/types.ts';
import { isMulaw8k } from './carriers/types.ts';
import { publicUrlOf } from './http/public-url.ts';
import { sql } from 'drizzle-orm';
import { clientAddress } from './http/client-ip.ts';
import { bodyLimitFor, declaredTooLarge, readBodyLimited, withBody } from './http/body-limit.ts';
import { exposureOf, type Exposure } from './http/exposure.ts';
import { safeEqual } from './safe-equal.ts';
import { admitStream } from './call/stream-admission.ts';
import type { AnsweredCall } from './call/registry.ts';
import type { Organization } from './db/schema.ts';

interface SocketData {
  ip: string;
  carrier: Carrier;
  /** The URL the carrier opened the stream on (some carry our parameters in its query). */
  url: string;
  /** Our public origin as the carrier sees it (https://…). */
  publicOrigin: string;
  media: MediaSocket | null;
  /** Counted among the sockets that have not started a stream yet. */
  preAuth: boolean;
}

export interface ServerExtras {
  /** Extra Hono apps mounted at the root (API, dashboard, metrics). */
  mount?: Array<{ path: string; app: Hono }>;
  onMalformed?: (reason: string) => void;
  /** Timers for the media streams' start deadline (tests move time themselves). */
  timers?: SocketTimers;
}

const bearer = (header: string | undefined): string | null => /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? null;

export interface RunningServer {
  server: Server<SocketData>;
  url: string;
  port: number;
  /** Stops taking calls, lets live ones finish (bounded), flushes writes. */
  drain(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

export function buildHttpApp(rt: Runtime, extras: ServerExtras = {}, exposure?: Exposure): Hono {
  const app = new Hono();
  const env = rt.config.env;
  const reachable = (exposure ?? exposureOf(rt.config, env.HOST)).reachable;
  const isAdmin = (header: string | undefined): boolean => {
    const key = bearer(header);
    return Boolean(env.ADMIN_API_KEY && key && safeEqual(key, env.ADMIN_API_KEY));
  };
  // Anyone may ask whether the server is up; what it runs on and how busy it is needs the admin key.
  app.get('/healthz', async (c) => {
    const details = c.req.query('details') !== undefined;
    if (details && !isAdmin(c.req.header('authorization'))) {
      const message = 'details need the admin key: Authorization: Bearer <key>';
      return c.json({ error: { code: 'unauthorized', message } }, 401);
    }
    if (rt.draining) return c.json({ ok: false, draining: true }, 503);
    try {
      await Promise.race([
        rt.db.db.run(sql`select 1`),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database check timed out')), 2000)),
      ]);
    } catch (e) {
      const error = e instanceof Error ? e.message : 'database unreachable';
      return c.json({ ok: false, draining: false, ...(details ? { error } : {}) }, 503);
    }
    if (!details) return c.json({ ok: true, draining: false });
    return c.json({
      ok: true,
      draining: false,
      region: env.REGION,
      activeCalls: rt.registry.liveCount,
      queuedWrites: rt.writes.size,
      uptimeSeconds: Math.round((Date.now() - rt.startedAt) / 1000),
      providers: rt.providers.describe(),
    });
  });
  if (reachable && !env.METRICS_TOKEN) {
    // A reachable server never serves /metrics to strangers: without METRICS_TOKEN the admin key scrapes.
    app.use('/metrics', async (c, next) => {
      if (isAdmin(c.req.header('authorization'))) return next();
      return c.text('/metrics needs METRICS_TOKEN (or the admin key) on a reachable server\n', 401, {
        'www-authenticate': 'Bearer realm="metrics"',
      });
    });
  }
  app.route('/', voiceRoutes(rt, rt.carriers));
  for (const m of extras.mount ?? []) app.route(m.path, m.app);
  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.onError((err, c) => {
    rt.log.error('request failed', { path: c.req.path, error: err });
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });
  return app;
}

export function startServer(
  rt: Runtime,
  opts: { port: number; hostname?: string },
  extras: ServerExtras = {},
): RunningServer {
  const env = rt.config.env;
  const hostname = opts.hostname ?? env.HOST;
  const exposure = exposureOf(rt.config, hostname);
  const app = buildHttpApp(rt, extras, exposure);
  const limits = { webhook: env.MAX_WEBHOOK_BODY_BYTES, api: env.MAX_API_BODY_BYTES };
  const perIp = new Map<string, number>();
  const sockets = new Set<MediaSocket>();
  let preAuth = 0;
  const leavePreAuth = (data: SocketData): void => {
    if (!data.preAuth) return;
    data.preAuth = false;
    preAuth--;
  };

  const streamCarriers = new Map(rt.carriers.map((c) => [c.streamPath, c]));
  const webhookPaths = new Set(rt.carriers.flatMap((c) => c.webhookPaths));

  const accept = async (carrier: Carrier, start: StreamStart, publicOrigin: string): Promise<StartVerdict> => {
    // The call speaks μ-law 8 kHz; every carrier is asked for it, so anything else is refused here.
    if (!isMulaw8k(start.format)) return { ok: false, reason: 'unsupported audio format' };
    const log = rt.log.child({ carrier: carrier.name, carrierCallId: start.carrierCallId });
    // A call back from an unanswered transfer carries this instance's single-use return token.
    const ref = { carrier: carrier.name, carrierCallId: start.carrierCallId };
    const back = rt.registry.claimReturn(ref, start.parameters.token, rt.clock.now());
    let call: AnsweredCall;
    let org: Organization | null;
    if (back) {
      call = back;
      org = await rt.orgs.findById(call.orgId);
      if (!org) return { ok: false, reason: 'organization not found' };
    } else {
      const admitted = await admitStream(rt, carrier.name, start);
      if (!admitted.ok) return admitted;
      ({ call, org } = admitted);
      call = { ...call, publicOrigin };
    }
    const transferDeps = {
      carrier,
      call,
      businessNumber: org.phoneNumber,
      registry: rt.registry,
      now: () => rt.clock.now(),
      log: log.child({ callId: call.callId }),
    };
    return {
      ok: true,
      open: (commands) => rt.openSession({ call, org, streamSid: start.streamId, commands }),
      transfer: (plan) => transferCall(transferDeps, plan),
    };
  };

  const refuse = (status: number, code: string, message: string): Response =>
    // Connection: close, so an unread body is dropped with the connection rather than drained.
    Response.json({ error: { code, message } }, { status, headers: { connection: 'close' } });

  /** Why the stream upgrade is refused, or null. Cheap checks first; the signature last. */
  const streamRefusal = (carrier: Carrier, req: Request, ip: string): Response | null => {
    if (rt.draining) return new Response('draining', { status: 503 });
    if (declaredTooLarge(req.headers, 0) !== null) return refuse(413, 'payload_too_large', 'an upgrade has no body');
    const held = perIp.get(ip) ?? 0;
    if (held >= env.MAX_CONNECTIONS_PER_IP) return new Response('too many connections', { status: 429 });
    if (preAuth >= env.MAX_PREAUTH_SOCKETS) return new Response('too many streams waiting to start', { status: 503 });
    const publicUrl = publicUrlOf(req.url, req.headers, env.PUBLIC_URL);
    return carrier.verifyStreamUpgrade(req, publicUrl, rt.config.requireSignatures);
  };

  const server = Bun.serve<SocketData>({
    port: opts.port,
    hostname,
    async fetch(req, srv) {
      const url = new URL(req.url);
      const carrier = streamCarriers.get(url.pathname);
      if (carrier) {
        const peer = srv.requestIP(req)?.address ?? 'unknown';
        const ip = clientAddress(peer, req.headers.get('x-forwarded-for'), rt.config.trustedProxies);
        const refused = streamRefusal(carrier, req, ip);
        if (refused) return refused;
        // The origin the carrier reached us on: a transfer's callbacks (Dial action, whisper) go there.
        const publicOrigin = new URL(publicUrlOf(req.url, req.headers, env.PUBLIC_URL).replace(/^ws/, 'http')).origin;
        if (srv.upgrade(req, { data: { ip, carrier, url: req.url, publicOrigin, media: null, preAuth: true } })) {
          preAuth++;
          return undefined;
        }
        return new Response('expected a WebSocket upgrade', { status: 426 });
      }
      // Every body is bounded before any handler (or signature check) sees it.
      if (req.body || req.headers.has('content-length')) {
        const body = await readBodyLimited(req, bodyLimitFor(url.pathname, limits, webhookPaths));
        if (!body.ok) {
          return body.status === 413
            ? refuse(413, 'payload_too_large', 'request body too large')
            : refuse(400, 'bad_request', 'bad Content-Length');
        }
        return app.fetch(withBody(req, body.bytes));
      }
      return app.fetch(req);
    },
    websocket: {
      // Bun refuses frames past this outright; the codec counts anything over its own smaller limit.
      maxPayloadLength: 2 * 1024 * 1024,
      idleTimeout: 60,
      backpressureLimit: 1024 * 1024,
      closeOnBackpressureLimit: false,
      sendPings: true,
      open(ws: ServerWebSocket<SocketData>) {
        perIp.set(ws.data.ip, (perIp.get(ws.data.ip) ?? 0) + 1);
        const carrier = ws.data.carrier;
        const media = new MediaSocket({
          sink: {
            send: (text) => ws.send(text) > 0,
            close: (code, reason) => ws.close(code, reason),
          },
          codec: carrier.openStream(ws.data.url),
          log: rt.log.child({ carrier: carrier.name }),
          accept: (start) => accept(carrier, start, ws.data.publicOrigin),
          ...(carrier.socketCloseEndsCall ? {} : { endCall: (id: string) => carrier.hangup(id) }),
          maxMalformed: env.WS_MAX_MALFORMED,
          maxMessagesPerSecond: env.WS_MAX_MESSAGES_PER_SECOND,
          startTimeoutMs: env.WS_START_TIMEOUT_MS,
          onStarted: () => leavePreAuth(ws.data),
          ...(extras.timers ? { timers: extras.timers } : {}),
          ...(extras.onMalformed ? { onMalformed: extras.onMalformed } : {}),
        });
        ws.data.media = media;
        sockets.add(media);
      },
      message(ws, message) {
        ws.data.media?.handle(message);
      },
      close(ws) {
        leavePreAuth(ws.data);
        const n = (perIp.get(ws.data.ip) ?? 1) - 1;
        if (n <= 0) perIp.delete(ws.data.ip);
        else perIp.set(ws.data.ip, n);
        const media = ws.data.media;
        ws.data.media = null;
        if (media) {
          sockets.delete(media);
          void media.closed();
        }
      },
    },
  });
  for (const w of exposure.warnings) rt.log.warn(w.msg, { host: hostname, fix: w.fix, security: true });

  const port = server.port ?? opts.port;
  const url = `http://${server.hostname === '0.0.0.0' ? '127.0.0.1' : server.hostname}:${port}`;

  return {
    server,
    url,
    port,
    async drain(seconds) {
      rt.draining = true;
      const deadline = Date.now() + seconds * 1000;
      while (rt.registry.liveCount > 0 && Date.now() < deadline) await Bun.sleep(100);
      await Promise.all([...sockets].map((s) => s.shutdown()));
      await rt.writes.flush(5);
    },
    async stop() {
      await Promise.all([...sockets].map((s) => s.shutdown()));
      await rt.writes.flush(3);
      server.stop(true);
    },
  };
}
