// The operator API, mounted at /api by the server entry.
import { Hono } from 'hono';
import { systemClock } from '../clock.ts';
import { createBookingService } from '../booking/service.ts';
import { DEFAULT_PRICES } from '../cost/pricing.ts';
import { createOutboxNotify } from '../providers/notify/outbox.ts';
import { authenticate, type ApiEnv } from './auth.ts';
import type { ApiDeps, ResolvedDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { apiResponseHeaders } from './response-headers.ts';
import { buildOpenApi } from './openapi.ts';
import { auditRoutes } from './routes/audit.ts';
import { bookingRoutes } from './routes/bookings.ts';
import { callRoutes } from './routes/calls.ts';
import { googleCallbackRoute, googleConnectRoutes } from './routes/google-connect.ts';
import { kpiRoutes } from './routes/kpis.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { messageRoutes } from './routes/messages.ts';
import { orgRoutes } from './routes/orgs.ts';
import { phraseRoutes } from './routes/phrases.ts';

export type { ApiDeps, PhraseCacheControl } from './deps.ts';

export function createApiApp(input: ApiDeps): Hono<ApiEnv> {
  const clock = input.clock ?? systemClock;
  const deps: ResolvedDeps = {
    ...input,
    clock,
    bookings:
      input.bookings ??
      createBookingService({
        db: input.db,
        clock,
        notify: input.notify ?? createOutboxNotify(input.db, input.log ? { log: input.log } : {}),
        ...(input.log ? { log: input.log } : {}),
      }),
    startedAt: input.startedAt ?? clock.now(),
    prices: input.prices ?? DEFAULT_PRICES,
  };
  const app = new Hono<ApiEnv>();
  app.onError(errorHandler(deps.log));
  app.use('*', apiResponseHeaders());

  const openapi = buildOpenApi();
  app.get('/openapi.json', (c) => c.json(openapi));

  // The owner's browser comes back from Google's consent screen without an API key.
  app.route('/', googleCallbackRoute(deps));
  app.use('*', authenticate(deps.db, deps.adminKey));
  app.route('/', orgRoutes(deps));
  app.route('/', auditRoutes(deps));
  app.route('/', callRoutes(deps));
  app.route('/', bookingRoutes(deps));
  app.route('/', notificationRoutes(deps));
  app.route('/', messageRoutes(deps));
  app.route('/', phraseRoutes(deps));
  app.route('/', kpiRoutes(deps));
  app.route('/', googleConnectRoutes(deps));
  // Mounted apps do not bring their notFound along, so unknown paths answer here in JSON.
  app.all('*', (c) =>
    c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  return app;
}
