/**
 * Every in-process cache of the server is bounded (issue 17): filled far past its `max` through
 * its own service's API, on a real database, it keeps at most `max` entries, the oldest ones are
 * evicted and the newest are served. The production bounds are asserted on the running app; the
 * fills use a service of the same kind built with a small bound, so the test stays quick.
 *
 * The caches: issuers, clients and client organizations (domain/principals.ts; the issuer cache
 * was the OAuth router's), key rows (domain/api-keys.ts), live grants
 * (domain/authorization/live.ts), issuer verification keys (oauth/access-tokens.ts) and signers
 * (domain/signing-keys.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { newId } from '../src/lib/ids.js';
import { systemClock } from '../src/lib/clock.js';
import { createSealer } from '../src/lib/sealed.js';
import { resolveMasterKey } from '../src/config/master-key.js';
import { createEventRecorder } from '../src/domain/events.js';
import { createPrincipalDirectory, CACHE_MAX } from '../src/domain/principals.js';
import { createApiKeyService, KEY_CACHE_MAX } from '../src/domain/api-keys.js';
import { createLiveGrants, MAX_ENTRIES } from '../src/domain/authorization/live.js';
import { createSigningKeyStore, MAX_SIGNERS } from '../src/domain/signing-keys.js';
import { createIssuerKeyCache, issuerKeyLoader } from '../src/oauth/access-tokens.js';
import type { ServiceDeps } from '../src/domain/deps.js';
import type { Client } from '../src/generated/prisma/client.js';
import type { Cache } from '../src/lib/cache.js';

const MAX = 20;
const FILL = 3 * MAX;

let server: TestServer;
let deps: ServiceDeps;
let accountId: string;
/** FILL real issuers, oldest first */
let issuerIds: string[];

beforeAll(async () => {
  server = await startServer();
  const { prisma } = server.app.db;
  deps = {
    prisma,
    clock: systemClock,
    config: server.app.config,
    sealer: createSealer(resolveMasterKey(server.app.config)),
    recordEvent: createEventRecorder({ clock: systemClock }),
  };
  accountId = (await prisma.account.findFirstOrThrow({ select: { id: true } })).id;
  issuerIds = Array.from({ length: FILL }, () => newId('issuer'));
  await prisma.issuer.createMany({ data: issuerIds.map((id, i) => ({ id, accountId, name: `bounded ${i}` })) });
}, 180_000);

afterAll(() => server?.stop());

/** Fills `cache` through `use(i)` for i in 0..FILL and checks the bound after every step. */
async function fill(
  cache: Pick<Cache<unknown>, 'max' | 'size' | 'holds'>,
  use: (i: number) => Promise<unknown>,
  keyOf: (i: number) => string,
) {
  expect(cache.max).toBe(MAX);
  for (let i = 0; i < FILL; i++) {
    await use(i);
    expect(cache.size).toBeLessThanOrEqual(MAX);
  }
  expect(cache.size).toBe(MAX);
  // the least recently used went first: the first entries are gone, the last MAX are held (live,
  // or past their TTL on a slow machine: still counted until dropped)
  for (let i = 0; i < FILL - MAX; i++) expect(cache.holds(keyOf(i))).toBe(false);
  for (let i = FILL - MAX; i < FILL; i++) expect(cache.holds(keyOf(i))).toBe(true);
}

const pair = (a: string, b: string) => JSON.stringify([a, b]);

describe('every cache is bounded', () => {
  it('the running app uses the production bounds', () => {
    const { services } = server.app;
    expect(CACHE_MAX).toBe(10_000);
    for (const cache of Object.values(services.principals.caches)) expect(cache.max).toBe(CACHE_MAX);
    expect(services.apiKeys.caches.keyRows.max).toBe(KEY_CACHE_MAX);
    expect(services.liveGrants.caches.grants.max).toBe(MAX_ENTRIES);
    expect(services.signingKeys.caches.signers.max).toBe(MAX_SIGNERS);
  });

  it('issuers (domain/principals.ts)', async () => {
    const principals = createPrincipalDirectory(deps, { max: MAX });
    await fill(
      principals.caches.issuers,
      async (i) => expect((await principals.issuer(issuerIds[i]!))?.id).toBe(issuerIds[i]),
      (i) => issuerIds[i]!,
    );
  });

  it('clients (domain/principals.ts)', async () => {
    const principals = createPrincipalDirectory(deps, { max: MAX });
    const clientIds = Array.from({ length: FILL }, () => newId('client'));
    // unknown clients are remembered as null: a flood of made-up client_ids is bounded too
    await fill(
      principals.caches.clients,
      async (i) => expect(await principals.client(issuerIds[0]!, clientIds[i]!)).toBeNull(),
      (i) => pair(issuerIds[0]!, clientIds[i]!),
    );
  });

  it('client organizations (domain/principals.ts)', async () => {
    const principals = createPrincipalDirectory(deps, { max: MAX });
    const orgIds = Array.from({ length: FILL }, () => newId('organization'));
    await fill(
      principals.caches.clientOrgs,
      async (i) =>
        expect(await principals.clientOrganization({ issuerId: issuerIds[0]!, organizationId: orgIds[i]! } as Client)).toBeNull(),
      (i) => pair(issuerIds[0]!, orgIds[i]!),
    );
  });

  it('key rows (domain/api-keys.ts)', async () => {
    const apiKeys = createApiKeyService(deps, { max: MAX });
    const keyIds = Array.from({ length: FILL }, () => newId('apiKey'));
    await deps.prisma.apiKey.createMany({
      data: keyIds.map((id) => ({ id, accountId, name: 'bounded', secretHash: 'not a hash of anything', prefix: 'xxxxxx' })),
    });
    // a wrong secret is refused, but the row was read (and cached) to compare it
    await fill(
      apiKeys.caches.keyRows,
      async (i) => expect(await apiKeys.verify(keyIds[i]!, 'wrong', null)).toBe('unknown'),
      (i) => keyIds[i]!,
    );
  });

  it('live grants (domain/authorization/live.ts)', async () => {
    const grants = createLiveGrants({ prisma: deps.prisma, cacheMax: MAX });
    const principals = Array.from({ length: FILL }, () => ({
      issuerId: issuerIds[0]!,
      subject: newId('user'),
      clientId: newId('client'),
      organizationId: newId('organization'),
      actorId: null,
    }));
    await fill(
      grants.caches.grants,
      async (i) => expect(await grants.liveScopes(principals[i]!, ['openid', 'org:read'])).toEqual(['openid']),
      (i) => JSON.stringify([principals[i]!.organizationId, principals[i]!.subject, null, issuerIds[0]]),
    );
  });

  it('issuer verification keys (oauth/access-tokens.ts)', async () => {
    const keys = createIssuerKeyCache({ load: issuerKeyLoader(deps.prisma, server.app.services.signingKeys), maxIssuers: MAX });
    const unknownIssuers = Array.from({ length: FILL }, () => newId('issuer'));
    // issuer ids come from tokens: unknown ones are remembered (as null) within the bound
    await fill(
      keys.cache,
      async (i) => expect(await keys.key(unknownIssuers[i]!, newId('signingKey'))).toBeNull(),
      (i) => unknownIssuers[i]!,
    );
  });

  it('signers (domain/signing-keys.ts)', async () => {
    const store = createSigningKeyStore({ ...deps, maxSigners: MAX });
    await fill(
      store.caches.signers,
      async (i) => {
        const signer = await store.currentSigner(issuerIds[i]!, 'ES256');
        expect(signer.alg).toBe('ES256');
        expect(signer.kid).toMatch(/^kid_/);
      },
      (i) => `${issuerIds[i]} ES256`,
    );
    // an evicted signer is read again: the same key (no new key is made for the issuer)
    const again = await store.currentSigner(issuerIds[0]!, 'ES256');
    expect(await deps.prisma.signingKey.count({ where: { issuerId: issuerIds[0]!, alg: 'ES256' } })).toBe(1);
    expect(again.kid).toBe((await deps.prisma.signingKey.findFirstOrThrow({ where: { issuerId: issuerIds[0]! } })).id);
  });
});
