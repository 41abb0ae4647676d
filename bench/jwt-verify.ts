/**
 * Figure 7: access-token verifications/s in process (no HTTP). The project's verifier
 * (`createAccessTokenVerifier(…).verify(token)` from src/oauth/access-tokens.ts: issuer from `iss`,
 * key by `kid` from its per-issuer cache, strict RFC 9068/8725 checks) against bare
 * `jose.jwtVerify(token, publicKey)` with the issuer's public key imported once, on the same
 * ES256 token from the token endpoint. A third row, jose with the verifier's own checks, shows
 * what the checks cost and what the wrapper costs. Caches are warmed first; each verifier then
 * runs for a fixed time per round, in alternating rounds, one verification at a time.
 *
 *   npx tsx bench/jwt-verify.ts              (BENCH_ROUNDS=…, BENCH_ROUND_MS=…; defaults 9 and 500)
 * @module
 */
import { importJWK, jwtVerify, type CryptoKey, type JSONWebKeySet } from 'jose';
import { ACCESS_TOKEN_TYP, createAccessTokenVerifier, LEEWAY_SECONDS } from '../src/oauth/access-tokens.js';
import { systemClock } from '../src/lib/clock.js';
import {
  clientBasic,
  clientCredentialsToken,
  createIssuerAndOrg,
  createM2mClient,
  fmt,
  machineNote,
  percentile,
  printTable,
  progress,
  ratio,
  median,
  startBenchServer,
} from './lib/common.js';
import { newTally, runFor, type Tally, type Target } from './lib/in-process.js';

const WARMUP_MS = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 500);
async function main() {
  const server = await startBenchServer();
  try {
    const { issuerId } = await createIssuerAndOrg(server, 'JWT verify');
    const client = await createM2mClient(server, { issuerId, name: 'bench-jwt', scopes: ['invoices:read', 'invoices:write'] });
    const issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
    const { access_token: token } = await clientCredentialsToken(
      `${issuerUrl}/token`,
      clientBasic(client.id, client.secret),
      'grant_type=client_credentials',
    );
    const jwks = (await (await fetch(`${issuerUrl}/jwks`)).json()) as JSONWebKeySet;
    const kid = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string; alg: string };
    const jwk = jwks.keys.find((k) => k.kid === kid.kid);
    if (!jwk) throw new Error(`the JWKS has no key ${kid.kid}`);
    const publicKey = (await importJWK(jwk, kid.alg)) as CryptoKey;

    const app = server.app;
    const verifier = createAccessTokenVerifier({
      prisma: app.db.prisma,
      signingKeys: app.services.signingKeys,
      publicUrl: () => app.publicUrl(),
      clock: systemClock,
      revocations: app.services.revokedTokens,
    });
    // The same verifier with a revocation list that never says "revoked": what the check costs.
    const unchecked = createAccessTokenVerifier({
      prisma: app.db.prisma,
      signingKeys: app.services.signingKeys,
      publicUrl: () => app.publicUrl(),
      clock: systemClock,
      revocations: { isRevoked: () => false },
    });
    const targets: Target[] = [
      { label: 'createAccessTokenVerifier().verify(token)', verify: async () => (await verifier.verify(token)) !== null },
      {
        label: 'jose.jwtVerify + the same checks (alg, typ, iss, aud, claims)',
        verify: async () => {
          const { payload } = await jwtVerify(token, publicKey, {
            algorithms: [kid.alg],
            typ: ACCESS_TOKEN_TYP,
            issuer: issuerUrl,
            audience: issuerUrl,
            clockTolerance: LEEWAY_SECONDS,
            requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'],
          });
          return typeof payload.sub === 'string';
        },
      },
      {
        label: 'baseline: bare jose.jwtVerify(token, publicKey)',
        verify: async () => typeof (await jwtVerify(token, publicKey)).payload.sub === 'string',
      },
      {
        label: 'the verifier without its revocation check (isRevoked: () => false)',
        verify: async () => (await unchecked.verify(token)) !== null,
      },
    ];

    // Sanity (not timed): the verifier says who the token is.
    const verified = await verifier.verify(token);
    if (!verified || verified.clientId !== client.id || verified.issuerId !== issuerId)
      throw new Error(`the verifier answered ${JSON.stringify(verified)}`);

    for (const t of targets) {
      progress(`warm-up ${WARMUP_MS} ms: ${t.label}`);
      await runFor(t, WARMUP_MS, null);
    }
    const tallies: Tally[] = targets.map(newTally);
    for (let r = 0; r < ROUNDS; r++) {
      progress(`round ${r + 1}/${ROUNDS}, ${ROUND_MS} ms each`);
      for (const [i, t] of targets.entries()) await runFor(t, ROUND_MS, tallies[i]!);
    }

    const summary = tallies.map((t) => {
      const samples = Array.from(t.samples.subarray(0, t.kept));
      return {
        perSecond: median(t.rates),
        meanUs: (t.elapsedMs / t.calls) * 1000,
        p50Us: percentile(samples, 50) * 1000,
        p99Us: percentile(samples, 99) * 1000,
        calls: t.calls,
      };
    });
    const base = summary[2]!;
    const r = summary[0]!.perSecond / base.perSecond;
    const revocationCost = summary[0]!.perSecond / summary[3]!.perSecond;
    printTable(
      `Figure 7 — access-token verification in process: the project's verifier vs bare jose.jwtVerify (${kid.alg})`,
      ['verifier', 'verifications/s', 'mean', 'p50', 'p99', 'verifications', 'vs bare jose'],
      targets.map((t, i) => {
        const s = summary[i]!;
        return [
          t.label,
          fmt(s.perSecond, 0),
          `${fmt(s.meanUs, 1)} µs`,
          `${fmt(s.p50Us, 1)} µs`,
          `${fmt(s.p99Us, 1)} µs`,
          fmt(s.calls, 0),
          ratio(s.perSecond / base.perSecond),
        ];
      }),
      [
        `verifier / bare jose = ${ratio(r)} the verifications per second (goal ≥ 0.80×: ${r >= 0.8 ? 'met' : 'NOT met'})`,
        `verifier / the same without the revocation check (an in-memory lookup of the jti) = ${ratio(revocationCost)}`,
        `one ${token.length}-byte ${kid.alg} access token from POST /{issuer}/token, verified one at a time (each call awaited) by every row`,
        `warm-up ${WARMUP_MS} ms each (the verifier's key cache filled), then ${ROUNDS} alternating rounds of ${ROUND_MS} ms each; verifications/s is the median of the rounds' rates, mean/p50/p99 over every timed call`,
        `in process, no HTTP; the app (in-memory PGlite) idles meanwhile; ${machineNote().replace(/; load generated.*/, '')}`,
      ],
    );
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
