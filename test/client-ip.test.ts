/**
 * Client IP behind reverse proxies (SECURITY-CASES AK-07, ASVS 4.1.3, RFC 9700 §4.13): the socket
 * peer unless it is a trusted proxy; then X-Forwarded-For from the right, skipping trusted proxies;
 * a spoofed left-most entry is never believed. Also TRUST_PROXY validation at startup.
 */
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createClientIpResolver, normaliseIp } from '../src/http/client-ip.js';
import { loadConfig } from '../src/config/env.js';

function req(remoteAddress: string | undefined, xff?: string | string[]): IncomingMessage {
  return { socket: { remoteAddress }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } } as unknown as IncomingMessage;
}

describe('client IP without trusted proxies (the default)', () => {
  const clientIp = createClientIpResolver([]);

  it('is the socket peer, and X-Forwarded-For from an untrusted hop is ignored', () => {
    expect(clientIp(req('203.0.113.7'))).toBe('203.0.113.7');
    expect(clientIp(req('203.0.113.7', '10.0.0.1'))).toBe('203.0.113.7');
    expect(clientIp(req('10.0.0.9', '10.0.0.1'))).toBe('10.0.0.9');
  });

  it('normalises IPv4-mapped IPv6 and IPv6 text', () => {
    expect(clientIp(req('::ffff:203.0.113.7'))).toBe('203.0.113.7');
    expect(clientIp(req('2001:DB8:0:0::1'))).toBe('2001:db8::1');
  });

  it('is null without a peer address', () => {
    expect(clientIp(req(undefined))).toBeNull();
    expect(clientIp({ headers: {} } as unknown as IncomingMessage)).toBeNull();
  });
});

describe('client IP behind trusted proxies', () => {
  const clientIp = createClientIpResolver(['10.0.0.0/8', '2001:db8:ffff::/48']);

  it('takes the first untrusted address from the right', () => {
    expect(clientIp(req('10.0.0.2', '198.51.100.9'))).toBe('198.51.100.9');
    expect(clientIp(req('::ffff:10.0.0.2', '198.51.100.9, 10.0.0.5'))).toBe('198.51.100.9');
    expect(clientIp(req('2001:db8:ffff::2', '2001:db8::42, 10.1.2.3'))).toBe('2001:db8::42');
  });

  it('never believes a spoofed left-most entry', () => {
    // The client sent "X-Forwarded-For: 10.0.0.1" (an allowlisted address); the proxy appended the real one.
    expect(clientIp(req('10.0.0.2', '10.0.0.1, 198.51.100.9'))).toBe('198.51.100.9');
    expect(clientIp(req('10.0.0.2', '1.1.1.1, 2.2.2.2, 198.51.100.9, 10.0.0.5'))).toBe('198.51.100.9');
  });

  it('stops at an invalid entry and answers the last trusted hop', () => {
    expect(clientIp(req('10.0.0.2', '198.51.100.1, not-an-ip, 10.0.0.5'))).toBe('10.0.0.5');
    expect(clientIp(req('10.0.0.2', 'unknown'))).toBe('10.0.0.2');
    expect(clientIp(req('10.0.0.2', '198.51.100.1, , 10.0.0.5'))).toBe('10.0.0.5');
    // shorthand IPv4 ("1" would parse as 0.0.0.1) is not an address here
    expect(clientIp(req('10.0.0.2', '198.51.100.1, 1'))).toBe('10.0.0.2');
  });

  it('answers the left-most hop when every hop is trusted, and the peer without the header', () => {
    expect(clientIp(req('10.0.0.2', '10.0.0.7, 10.0.0.5'))).toBe('10.0.0.7');
    expect(clientIp(req('10.0.0.2'))).toBe('10.0.0.2');
    expect(clientIp(req('10.0.0.2', ''))).toBe('10.0.0.2');
  });

  it('accepts entries with ports, brackets and IPv4-mapped form', () => {
    expect(clientIp(req('10.0.0.2', '198.51.100.9:5555'))).toBe('198.51.100.9');
    expect(clientIp(req('10.0.0.2', '[2001:db8::1]:443'))).toBe('2001:db8::1');
    expect(clientIp(req('10.0.0.2', '::ffff:198.51.100.9'))).toBe('198.51.100.9');
    expect(clientIp(req('10.0.0.2', ['198.51.100.9', '10.0.0.5']))).toBe('198.51.100.9');
  });

  it('reads repeated X-Forwarded-For headers as one list, in order (real Node parsing)', async () => {
    const resolve = createClientIpResolver(['127.0.0.1/32', '::1/128']);
    const seen: (string | null)[] = [];
    const server = createServer((incoming, res) => {
      seen.push(resolve(incoming));
      res.end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const statuses: (number | undefined)[] = [];
    const send = (headers: Record<string, string[]>) =>
      new Promise<void>((done, fail) => {
        // An array value goes out as one header line per element.
        const r = request({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
          statuses.push(res.statusCode);
          res.resume();
          res.on('end', done);
        });
        r.on('error', fail);
        r.end();
      });
    try {
      await send({ 'X-Forwarded-For': ['10.9.9.9', '198.51.100.77'] });
      await send({});
    } finally {
      await new Promise((done) => server.close(done));
    }
    expect(statuses).toEqual([200, 200]);
    expect(seen).toEqual(['198.51.100.77', '127.0.0.1']);
  });
});

describe('trusted proxy configuration', () => {
  it('rejects an invalid entry when the resolver is made', () => {
    expect(() => createClientIpResolver(['10.0.0.0/33'])).toThrow(/10\.0\.0\.0\/33/);
    expect(() => createClientIpResolver(['proxy.internal'])).toThrow(/proxy\.internal/);
  });

  it('TRUST_PROXY is validated and normalised at startup, empty by default', () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8 , 192.168.1.1 ,' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.1/32']);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/8,nope' })).toThrow(/TRUST_PROXY.*nope/);
  });

  it('RATE_LIMIT and RATE_LIMIT_WINDOW_SECONDS default to 300 per 900 s and are validated; every credential kind has its default', () => {
    expect(loadConfig({}).rateLimit).toEqual({ limit: 300, windowSeconds: 900, accountKey: 20_000, personalToken: 300, accessToken: 600 });
    expect(loadConfig({ RATE_LIMIT: '5', RATE_LIMIT_WINDOW_SECONDS: '60' }).rateLimit).toMatchObject({ limit: 5, windowSeconds: 60 });
    expect(() => loadConfig({ RATE_LIMIT_ACCESS_TOKEN: '0' })).toThrow(/RATE_LIMIT_ACCESS_TOKEN/);
    expect(() => loadConfig({ RATE_LIMIT: '0' })).toThrow(/RATE_LIMIT/);
  });

  it('normaliseIp refuses what is not one address', () => {
    for (const bad of ['', ' ', 'abc', '10.0.0.0/8', '1.2.3', '0x7f.1', '999.1.1.1', '1.2.3.4:99999']) expect(normaliseIp(bad)).toBeNull();
  });
});
