// The providers for bench:load in their own process, so the server under test has its cores to
// itself (as in production, where they are across the network). Prints one JSON line with the
// URLs, then serves a small control API: POST /script {tag, lines}, GET /stats.
import { startFakeDeepgram } from '../../src/sim/deepgram.ts';
import { startFakePolly } from '../../test/fakes/polly.ts';

const deepgram = await startFakeDeepgram({ profile: { ttfbMs: 20, jitterMs: 10 }, idleTimeoutMs: 60_000 });
const polly = await startFakePolly({ profile: { ttfbMs: 150, throughputBytesPerSec: 64_000, jitterMs: 30 } });
const control = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  async fetch(req) {
    const url = new URL(req.url);
    if (req.method === 'POST' && url.pathname === '/script') {
      const body = (await req.json()) as { tag: string; lines: string[] };
      deepgram.setScript(body.tag, body.lines);
      return Response.json({ ok: true });
    }
    if (url.pathname === '/stats')
      return Response.json({ deepgram: deepgram.stats(), pollyRequests: polly.requests.length });
    return new Response('not found', { status: 404 });
  },
});
console.log(JSON.stringify({ deepgram: deepgram.url, polly: polly.url, control: `http://127.0.0.1:${control.port}` }));
process.on('SIGTERM', () => process.exit(0));
