import { describe, expect, test } from 'bun:test';
import { clientAddress, isTrusted, parseTrustedProxies } from '../../src/http/client-ip.ts';

describe('client address behind trusted proxies', () => {
  const trusted = parseTrustedProxies('10.0.0.0/8, 127.0.0.1, fd00::/8');

  test('CIDRs and single addresses of both families, IPv4-mapped IPv6 as IPv4', () => {
    expect(isTrusted('10.1.2.3', trusted)).toBe(true);
    expect(isTrusted('11.0.0.1', trusted)).toBe(false);
    expect(isTrusted('127.0.0.1', trusted)).toBe(true);
    expect(isTrusted('::ffff:127.0.0.1', trusted)).toBe(true);
    expect(isTrusted('::ffff:10.9.9.9', trusted)).toBe(true);
    expect(isTrusted('fd12:3456::1', trusted)).toBe(true);
    expect(isTrusted('fe80::1', trusted)).toBe(false);
    expect(isTrusted('not an address', trusted)).toBe(false);
  });

  test('unreadable entries are refused at start', () => {
    for (const bad of ['10.0.0.0/33', 'example.com', '1.2.3', '::1/129', '300.1.1.1']) {
      expect(() => parseTrustedProxies(bad)).toThrow();
    }
    expect(parseTrustedProxies(undefined)).toEqual([]);
  });

  test('a trusted peer names the nearest untrusted hop; anyone else is taken at its word', () => {
    expect(clientAddress('10.0.0.5', '203.0.113.7', trusted)).toBe('203.0.113.7');
    // The client wrote the left part itself: only the hop our proxies added counts.
    expect(clientAddress('10.0.0.5', '1.1.1.1, 203.0.113.7, 10.0.0.9', trusted)).toBe('203.0.113.7');
    expect(clientAddress('198.51.100.1', '203.0.113.7', trusted)).toBe('198.51.100.1');
    expect(clientAddress('10.0.0.5', null, trusted)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.5', 'garbage', trusted)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.5', '10.0.0.7, 10.0.0.8', trusted)).toBe('10.0.0.7');
    expect(clientAddress('10.0.0.5', '203.0.113.7', [])).toBe('10.0.0.5');
  });
});
