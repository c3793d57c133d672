// Request bodies are bounded before any handler or signature check reads them. Raw HTTP over
// TCP, so the server's answer can be seen while the client is still (or never) sending.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { connect, type Socket } from 'node:net';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { signTwilio } from '../../src/sim/twilio-caller.ts';

const AUTH_TOKEN = 'limits-auth-token-0123456789abcdef';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, ADMIN_API_KEY: 'limits-admin-key-0123456789' });
});
afterAll(() => ts.close());

/** Opens a connection, writes `head`, and resolves with the status line of the first response. */
function rawRequest(head: string, then?: (sock: Socket) => void): Promise<{ status: number; sock: Socket }> {
  const { hostname, port } = new URL(ts.url);
  return new Promise((resolve, reject) => {
    const sock = connect(Number(port), hostname, () => {
      sock.write(head);
      then?.(sock);
    });
    let text = '';
    sock.on('data', (d) => {
      text += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (m) resolve({ status: Number(m[1]), sock });
    });
    sock.on('error', reject);
    sock.on('close', () => reject(new Error(`closed before a response: ${text}`)));
  });
}

const host = () => new URL(ts.url).host;

describe('request body limits', () => {
  test('a webhook declaring 100 MB is refused 413 before a byte of it is sent', async () => {
    const { status, sock } = await rawRequest(
      `POST /voice/incoming HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${100 * 1024 * 1024}\r\n\r\n`,
    );
    expect(status).toBe(413);
    sock.destroy();
  });

  test('a chunked webhook is refused 413 as soon as it passes the limit, though it never ends', async () => {
    const chunk = 'a'.repeat(8 * 1024);
    const { status, sock } = await rawRequest(
      `POST /voice/incoming HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        'Transfer-Encoding: chunked\r\n\r\n',
      // 40 KB against the 32 KB limit, and no terminating chunk: only counting can answer this.
      (s) => {
        for (let i = 0; i < 5; i++) s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      },
    );
    expect(status).toBe(413);
    sock.destroy();
  });

  test('the API has its own larger limit, checked before authentication', async () => {
    const { status, sock } = await rawRequest(
      `POST /api/orgs HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${2 * 1024 * 1024}\r\n\r\n`,
    );
    expect(status).toBe(413);
    sock.destroy();
    // Within the limit the request goes on to authentication as before.
    const res = await fetch(`${ts.url}/api/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(100_000) }),
    });
    expect(res.status).toBe(401);
  });

  test('a webhook within the limit is read whole and verified as before', async () => {
    const url = `${ts.url}/voice/incoming`;
    const params = { CallSid: `CA${'0'.repeat(32)}`, To: '+15005550000', Pad: 'x'.repeat(20_000) };
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilio(AUTH_TOKEN, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200); // the signature covers every byte: the body arrived whole
    expect(await res.text()).toContain('<Hangup/>');
  });
});
