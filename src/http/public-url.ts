// The public URL a carrier called us on: behind a proxy it differs from what the socket sees, and
// signatures are computed over the public one. Our media stream URLs are built on the same origin.

/** The public URL of a request: PUBLIC_URL's origin wins, then X-Forwarded-Proto/Host, then the socket's view. */
export function publicUrlOf(requestUrl: string, headers: Headers, publicUrl?: string): string {
  const seen = new URL(requestUrl);
  if (publicUrl) {
    const base = new URL(publicUrl);
    const basePath = base.pathname.replace(/\/$/, '');
    return `${base.protocol}//${base.host}${basePath}${seen.pathname}${seen.search}`;
  }
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() ?? headers.get('host');
  if (proto || host)
    return `${proto ?? seen.protocol.replace(':', '')}://${host ?? seen.host}${seen.pathname}${seen.search}`;
  return seen.toString();
}

/** ws(s):// URL for the media stream, on the same public origin as the webhook. */
export function streamUrlFor(webhookPublicUrl: string, path = '/media-stream'): string {
  const u = new URL(webhookPublicUrl);
  const scheme = u.protocol === 'http:' && /^(localhost|127\.|\[::1\])/.test(u.host) ? 'ws:' : 'wss:';
  return `${scheme}//${u.host}${path}`;
}
