// Phrase rebuilds through the operator API are rate-limited per organization: a second rebuild
// within the interval is accepted and scheduled, not started (each rebuild pays for synthesis).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADMIN = 'phrase-admin-key-0123456789';

describe('phrase rebuilds on a live server', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({ ADMIN_API_KEY: ADMIN, PHRASE_REBUILD_MIN_INTERVAL_SECONDS: '60' });
  });
  afterAll(() => ts.close());

  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${ADMIN}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${ts.url}/api${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as { result: Record<string, unknown> } };
  };

  test('an edit, then rebuilds within the minute: one run now, the rest folded into one later', async () => {
    const org = await ts.createOrg();
    const first = await call('POST', `/orgs/${org.id}/phrases/rebuild`);
    expect(first.status).toBe(202);
    expect(first.body.result).toMatchObject({ accepted: true, started: true, nextRunInSeconds: null });
    const greeting = 'Hello from {business}, how can I help?';
    const edit = await call('PATCH', `/orgs/${org.id}`, { settings: { greeting } });
    expect(edit.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const again = await call('POST', `/orgs/${org.id}/phrases/rebuild`);
      expect(again.status).toBe(202);
      expect(again.body.result.accepted).toBe(true);
      expect(again.body.result.started).toBe(false);
      expect(again.body.result.nextRunInSeconds).toBeGreaterThan(0);
      expect(again.body.result.nextRunInSeconds).toBeLessThanOrEqual(60);
    }
  });
});
