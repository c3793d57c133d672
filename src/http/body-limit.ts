// Request bodies are bounded before anything looks at them (signature checks included): a
// declared Content-Length past the limit is refused unread, and a body without one (chunked) is
// counted while it arrives and abandoned the moment it passes the limit.
import { concat } from '../audio/frames.ts';

export type LimitedBody = { ok: true; bytes: Uint8Array } | { ok: false; status: 413 | 400 };

/** The route's limit: carrier webhooks are small; everything else gets the API's. */
export function bodyLimitFor(
  path: string,
  limits: { webhook: number; api: number },
  webhookPaths: ReadonlySet<string> = new Set(),
): number {
  return path.startsWith('/voice/') || webhookPaths.has(path) ? limits.webhook : limits.api;
}

/** 413 when Content-Length alone is too large, 400 when it is not a number; null otherwise. */
export function declaredTooLarge(headers: Headers, limit: number): 413 | 400 | null {
  const declared = headers.get('content-length');
  if (declared === null) return null;
  if (!/^\d+$/.test(declared.trim())) return 400;
  return Number(declared) > limit ? 413 : null;
}

/** Reads at most `limit` bytes of the body; past that it cancels the stream and says 413. */
export async function readBodyLimited(req: Request, limit: number): Promise<LimitedBody> {
  const declared = declaredTooLarge(req.headers, limit);
  if (declared) return { ok: false, status: declared };
  if (!req.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      void reader.cancel().catch(() => undefined);
      return { ok: false, status: 413 };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: concat(chunks) };
}

/** The request with its body already read (and bounded), for handlers that read it again. */
export function withBody(req: Request, bytes: Uint8Array): Request {
  const headers = new Headers(req.headers);
  headers.delete('transfer-encoding');
  headers.set('content-length', String(bytes.byteLength));
  const body = bytes.byteLength > 0 ? (bytes as Uint8Array<ArrayBuffer>) : null;
  return new Request(req.url, { method: req.method, headers, body });
}
