// A real in-memory database and the API mounted at /api, as the server mounts it.
import { Hono } from 'hono';
import { createApiApp, type ApiDeps } from '../../src/api/app.ts';
import { manualClock } from '../../src/clock.ts';
import type { DbHandle } from '../../src/db/client.ts';
import { memoryDb } from './seed.ts';

export const ADMIN = 'admin-secret-0123456789';
export const T0 = Date.UTC(2025, 2, 10, 15);

export interface Harness {
  h: DbHandle;
  app: Hono;
  clock: ReturnType<typeof manualClock>;
  changed: string[];
  call(
    method: string,
    path: string,
    opts?: { key?: string | null; body?: unknown },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): void;
}

export async function harness(extra: Partial<ApiDeps> = {}): Promise<Harness> {
  const h = await memoryDb();
  const clock = manualClock(T0);
  const changed: string[] = [];
  const api = createApiApp({
    db: h.db,
    clock,
    adminKey: ADMIN,
    startedAt: T0 - 3600_000,
    onOrgChanged: (id) => changed.push(id),
    ...extra,
  });
  const app = new Hono().route('/api', api);
  return {
    h,
    app,
    clock,
    changed,
    async call(method, path, opts = {}) {
      const key = opts.key === undefined ? ADMIN : opts.key;
      const headers: Record<string, string> = {};
      if (key !== null) headers.authorization = `Bearer ${key}`;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const res = await app.request(`/api${path}`, {
        method,
        headers,
        ...(opts.body !== undefined
          ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }
          : {}),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON; leave as text so the assertion shows it
      }
      return { status: res.status, body, headers: res.headers };
    },
    close: () => h.close(),
  };
}

export const newOrg = (over: Record<string, unknown> = {}) => ({
  template: 'hvac',
  name: 'Cool Air Co',
  phoneNumber: '+15125550100',
  timezone: 'America/Chicago',
  ...over,
});
