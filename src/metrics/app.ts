// GET /metrics in the Prometheus text format.
import { Hono } from 'hono';
import type { Metrics } from './registry.ts';

export function createMetricsApp(metrics: Pick<Metrics, 'render' | 'contentType'>): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    const body = await metrics.render();
    return c.body(body, 200, { 'content-type': metrics.contentType });
  });
  return app;
}
