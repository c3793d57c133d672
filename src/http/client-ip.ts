// The address a request comes from. Behind a load balancer every peer is the balancer, so a
// per-address limit would count all callers as one; only proxies named in TRUST_PROXY may say
// who the client is (X-Forwarded-For), since anyone else could put any address there.

type Range = { v6: boolean; base: bigint; bits: number };

export type TrustedProxies = readonly Range[];

function parseV4(s: string): bigint | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

function parseV6(s: string): bigint | null {
  let text = s.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two hex groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const v4 = parseV4(quad[1]!);
    if (v4 === null) return null;
    text = `${text.slice(0, -quad[1]!.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

/** An address as a number in its family; IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4. */
function parseAddress(s: string): { v6: boolean; n: bigint } | null {
  const t = s.trim();
  const v4 = parseV4(t);
  if (v4 !== null) return { v6: false, n: v4 };
  const v6 = parseV6(t);
  if (v6 === null) return null;
  if (v6 >> 32n === 0xffffn) return { v6: false, n: v6 & 0xffffffffn };
  return { v6: true, n: v6 };
}

/** Parses `10.0.0.0/8, 127.0.0.1, ::1` ; throws on an entry it cannot read. */
export function parseTrustedProxies(spec: string | undefined): TrustedProxies {
  if (!spec) return [];
  const out: Range[] = [];
  for (const entry of spec
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [addr = '', prefix] = entry.split('/');
    const a = parseAddress(addr);
    const width = a?.v6 ? 128 : 32;
    const bits = prefix === undefined ? width : Number(prefix);
    if (!a || !Number.isInteger(bits) || bits < 0 || bits > width) throw new Error(`not an address or CIDR: ${entry}`);
    const shift = BigInt(width - bits);
    out.push({ v6: a.v6, base: (a.n >> shift) << shift, bits });
  }
  return out;
}

export function isTrusted(address: string, trusted: TrustedProxies): boolean {
  const a = parseAddress(address);
  if (!a) return false;
  return trusted.some((r) => {
    if (r.v6 !== a.v6) return false;
    const shift = BigInt((r.v6 ? 128 : 32) - r.bits);
    return a.n >> shift === r.base >> shift;
  });
}

/**
 * The client's address: the peer itself, unless the peer is a trusted proxy; then the nearest
 * X-Forwarded-For hop that is not a trusted proxy (hops further left were written by the client
 * and prove nothing).
 */
export function clientAddress(peer: string, forwardedFor: string | null, trusted: TrustedProxies): string {
  if (trusted.length === 0 || !forwardedFor || !isTrusted(peer, trusted)) return peer;
  const hops = forwardedFor
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!parseAddress(hop)) return peer; // garbage in the chain: fall back to what we saw
    if (!isTrusted(hop, trusted)) return hop;
  }
  return hops[0] ?? peer;
}
