// Bun.serve: the Hono app for HTTP and Bun's native WebSocket for /media-stream.
import type { Server, ServerWebSocket } from 'bun';
import { Hono } from 'hono';
import type { Runtime } from './runtime.ts';
import { voiceRoutes } from './http/voice-routes.ts';
import { MediaSocket, type StartVerdict } from './telephony/media-socket.ts';
import type { StartInfo } from './telephony/media-streams.ts';
import { isValidTwilioSignature, publicUrlOf } from './telephony/signature.ts';
import { sql } from 'drizzle-orm';

interface SocketData {
  ip: string;
  media: MediaSocket | null;
}

export interface ServerExtras {
  /** Extra Hono apps mounted at the root (API, dashboard, metrics). */
  mount?: Array<{ path: string; app: Hono }>;
  onMalformed?: (reason: string) => void;
}

export interface RunningServer {
  server: Server<SocketData>;
  url: string;
  port: number;
  /** Stops taking calls, lets live ones finish (bounded), flushes writes. */
  drain(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

export function buildHttpApp(rt: Runtime, extras: ServerExtras = {}): Hono {
  const app = new Hono();
  app.get('/healthz', async (c) => {
    if (rt.draining) return c.json({ ok: false, draining: true, region: rt.config.env.REGION }, 503);
    try {
      await Promise.race([
        rt.db.db.run(sql`select 1`),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database check timed out')), 2000)),
      ]);
    } catch (e) {
      return c.json({ ok: false, error: e instanceof Error ? e.message : 'database unreachable' }, 503);
    }
    return c.json({
      ok: true,
      region: rt.config.env.REGION,
      activeCalls: rt.registry.liveCount,
      queuedWrites: rt.writes.size,
      uptimeSeconds: Math.round((Date.now() - rt.startedAt) / 1000),
      providers: rt.providers.describe(),
    });
  });
  app.route('/', voiceRoutes(rt));
  for (const m of extras.mount ?? []) app.route(m.path, m.app);
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((err, c) => {
    rt.log.error('request failed', { path: c.req.path, error: err });
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });
  return app;
}

export function startServer(rt: Runtime, opts: { port: number; hostname?: string }, extras: ServerExtras = {}): RunningServer {
  const app = buildHttpApp(rt, extras);
  const env = rt.config.env;
  const perIp = new Map<string, number>();
  const sockets = new Set<MediaSocket>();

  const accept = async (start: StartInfo): Promise<StartVerdict> => {
    const now = rt.clock.now();
    const call = rt.registry.claim(start.callSid, start.customParameters.token, now);
    if (!call) return { ok: false, reason: 'unknown call or invalid stream token' };
    // The webhook found the org moments ago, so this is a cache hit.
    const org = await rt.orgs.findById(call.orgId);
    if (!org) return { ok: false, reason: 'organization not found' };
    return { ok: true, open: (commands) => rt.openSession({ call, org, streamSid: start.streamSid, commands }) };
  };

  const server = Bun.serve<SocketData>({
    port: opts.port,
    hostname: opts.hostname ?? env.HOST,
    async fetch(req, srv) {
      const url = new URL(req.url);
      if (url.pathname === '/media-stream') {
        if (rt.draining) return new Response('draining', { status: 503 });
        const ip = srv.requestIP(req)?.address ?? 'unknown';
        if ((perIp.get(ip) ?? 0) >= env.MAX_CONNECTIONS_PER_IP) return new Response('too many connections', { status: 429 });
        const signature = req.headers.get('x-twilio-signature');
        if (signature && env.TWILIO_AUTH_TOKEN) {
          const publicUrl = publicUrlOf(req.url, req.headers, env.PUBLIC_URL).replace(/^http/, 'ws');
          if (!isValidTwilioSignature({ authToken: env.TWILIO_AUTH_TOKEN, signature, url: publicUrl, params: {} })) {
            return new Response('invalid signature', { status: 403 });
          }
        }
        if (srv.upgrade(req, { data: { ip, media: null } })) return undefined;
        return new Response('expected a WebSocket upgrade', { status: 426 });
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
        const media = new MediaSocket({
          sink: {
            send: (text) => ws.send(text) > 0,
            close: (code, reason) => ws.close(code, reason),
          },
          log: rt.log,
          accept,
          maxMalformed: env.WS_MAX_MALFORMED,
          maxMessagesPerSecond: env.WS_MAX_MESSAGES_PER_SECOND,
          ...(extras.onMalformed ? { onMalformed: extras.onMalformed } : {}),
        });
        ws.data.media = media;
        sockets.add(media);
      },
      message(ws, message) {
        ws.data.media?.handle(message);
      },
      close(ws) {
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
