// GET /metrics in the Prometheus text format. With a token set, scrapers must send it as a bearer
// token (the exposition reveals traffic volumes, not caller data, but it need not be public).
import { Hono } from 'hono';
import { safeEqual } from '../safe-equal.ts';
import type { Metrics } from './registry.ts';

export function createMetricsApp(
  metrics: Pick<Metrics, 'render' | 'contentType'>,
  opts: { token?: string } = {},
): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    if (opts.token) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
      if (!m || !safeEqual(m[1]!, opts.token)) {
        return c.text('a bearer token is required for /metrics\n', 401, {
          'www-authenticate': 'Bearer realm="metrics"',
        });
      }
    }
    const body = await metrics.render();
    return c.body(body, 200, { 'content-type': metrics.contentType });
  });
  return app;
}
