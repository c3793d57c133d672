// The server as main.ts builds it counts malformed Media Streams messages by reason on /metrics.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { parseProm } from '../metrics/prom-parse.ts';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ WS_MAX_MALFORMED: '3' });
});
afterAll(() => ts.close());

async function malformedByReason(): Promise<Map<string, number>> {
  const families = parseProm(await (await fetch(`${ts.url}/metrics`)).text());
  const out = new Map<string, number>();
  for (const f of families.values()) {
    for (const s of f.samples) {
      if (s.name === 'infinioffice_ws_malformed_messages_total') out.set(s.labels.reason ?? '', s.value);
    }
  }
  return out;
}

test('garbage frames on a media stream move ws_malformed_messages_total', async () => {
  const before = await malformedByReason();
  const ws = new WebSocket(`${ts.url.replace('http', 'ws')}/media-stream`);
  const closed = new Promise<number>((r) => (ws.onclose = (e) => r(e.code)));
  await new Promise((r) => (ws.onopen = r));
  // Past WS_MAX_MALFORMED the server closes the socket: by then it has counted every one.
  for (let i = 0; i < 4; i++) ws.send('{not json');
  expect(await closed).toBe(1008);
  const after = await malformedByReason();
  const grown = [...after].reduce((n, [reason, v]) => n + v - (before.get(reason) ?? 0), 0);
  expect(grown).toBe(4);
});
