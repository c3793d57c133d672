// Whether this server can be reached by strangers, from how it is bound and deployed. A loopback
// bind with no proxy in front, outside production, is a developer's machine: open is fine there.
// Anywhere else the unauthenticated surfaces (webhooks, streams, /metrics) need their secrets.
import type { Config } from '../config.ts';

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export interface Exposure {
  reachable: boolean;
  /** Start-up findings, each a reason this deployment is weaker than it should be. */
  warnings: Array<{ msg: string; fix: string }>;
}

export function exposureOf(config: Config, bindHost: string): Exposure {
  const env = config.env;
  const reachable = !isLoopbackHost(bindHost) || config.trustedProxies.length > 0 || env.NODE_ENV === 'production';
  const warnings: Exposure['warnings'] = [];
  if (reachable && !env.TWILIO_AUTH_TOKEN) {
    warnings.push({
      msg: 'reachable server accepts unsigned webhooks and media streams: anyone can place calls',
      fix: 'set TWILIO_AUTH_TOKEN and REQUIRE_SIGNATURES=true, or bind HOST=127.0.0.1',
    });
  }
  if (reachable && !env.METRICS_TOKEN && !env.ADMIN_API_KEY) {
    warnings.push({ msg: '/metrics is refused on a reachable server without a token', fix: 'set METRICS_TOKEN' });
  }
  return { reachable, warnings };
}
