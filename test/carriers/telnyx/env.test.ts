import { describe, expect, test } from 'bun:test';
import { telnyxSettings } from '../../../src/carriers/telnyx/env.ts';
import { createTelnyxSigner } from '../../../src/sim/telnyx-caller.ts';

const KEY = createTelnyxSigner().publicKeyBase64;
const BOTH = { TELNYX_API_KEY: 'k', TELNYX_PUBLIC_KEY: KEY };

describe('Telnyx settings', () => {
  test('off when neither secret is set (blank counts as unset)', () => {
    expect(telnyxSettings({})).toEqual({ ok: false, reason: 'not_configured' });
    const blank = telnyxSettings({ TELNYX_API_KEY: ' ', TELNYX_PUBLIC_KEY: '' });
    expect(blank).toEqual({ ok: false, reason: 'not_configured' });
  });

  test('both secrets give settings with the default base URL and a 300 s window', () => {
    const r = telnyxSettings({ TELNYX_API_KEY: 'k', TELNYX_PUBLIC_KEY: KEY });
    if (!r.ok) throw new Error('expected settings');
    expect(r.settings.apiKey).toBe('k');
    expect(r.settings.publicKey.asymmetricKeyType).toBe('ed25519');
    expect(r.settings.apiBaseUrl).toBe('https://api.telnyx.com/v2');
    expect(r.settings.toleranceSeconds).toBe(300);
  });

  test('base URL and window can be set', () => {
    const r = telnyxSettings({
      TELNYX_API_KEY: 'k',
      TELNYX_PUBLIC_KEY: KEY,
      TELNYX_API_BASE_URL: 'http://127.0.0.1:9/v2',
      TELNYX_WEBHOOK_TOLERANCE_SECONDS: '60',
    });
    expect(r.ok && r.settings.apiBaseUrl).toBe('http://127.0.0.1:9/v2');
    expect(r.ok && r.settings.toleranceSeconds).toBe(60);
  });

  test.each([
    ['only the API key', { TELNYX_API_KEY: 'k' }, /set together/],
    ['only the public key', { TELNYX_PUBLIC_KEY: KEY }, /set together/],
    ['a public key of the wrong size', { TELNYX_API_KEY: 'k', TELNYX_PUBLIC_KEY: 'AAAA' }, /32-byte/],
    ['a base URL that is not http(s)', { ...BOTH, TELNYX_API_BASE_URL: 'ftp://x' }, /URL/],
    ['a zero window', { ...BOTH, TELNYX_WEBHOOK_TOLERANCE_SECONDS: '0' }, /TOLERANCE/],
  ])('refuses %s with a message', (_name, env, message) => {
    const r = telnyxSettings(env);
    expect(r.ok).toBe(false);
    if (r.ok || r.reason !== 'invalid') throw new Error('expected invalid');
    expect(r.message).toMatch(message);
  });

  test('the message never contains the API key', () => {
    const r = telnyxSettings({ TELNYX_API_KEY: 'secret-api-key', TELNYX_PUBLIC_KEY: 'AAAA' });
    expect(!r.ok && r.reason === 'invalid' && r.message).not.toContain('secret-api-key');
  });
});
