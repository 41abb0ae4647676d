/**
 * `npm run bench -- sdk-verify`: access-token verifications/s in process with the SDK's
 * `verifyAccessToken(token, { issuer })` (JWKS fetched once per process, warm) against bare
 * `jose.jwtVerify(token, publicKey)` with the issuer's public key imported once, on the same
 * ES256 token, in the same run. A middle row, jose with a warm `createRemoteJWKSet` and the same
 * checks, shows what the SDK's wrapper costs on top of jose. Goal: SDK ≥ 0.9× bare jose.
 *
 *   npx tsx bench/sdk-verify.ts              (BENCH_ROUNDS=…, BENCH_ROUND_MS=…; defaults 9 and 500)
 * @module
 */
import { createRemoteJWKSet, importJWK, jwtVerify, type CryptoKey, type JSONWebKeySet } from 'jose';
import { verifyAccessToken } from '@authgraph/sdk';
import {
  clientBasic,
  clientCredentialsToken,
  createIssuerAndOrg,
  createM2mClient,
  fmt,
  machineNote,
  median,
  percentile,
  printTable,
  progress,
  ratio,
  startBenchServer,
} from './lib/common.js';
import { newTally, runFor, type Tally, type Target } from './lib/in-process.js';

const WARMUP_MS = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 500);
async function main() {
  const server = await startBenchServer();
  try {
    const { issuerId } = await createIssuerAndOrg(server, 'SDK verify');
    const client = await createM2mClient(server, { issuerId, name: 'bench-sdk-verify', scopes: ['invoices:read'] });
    const issuer = `${server.app.publicUrl()}/${issuerId}`;
    const { access_token: token } = await clientCredentialsToken(
      `${issuer}/token`,
      clientBasic(client.id, client.secret),
      'grant_type=client_credentials',
    );
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string; alg: string };
    const jwks = (await (await fetch(`${issuer}/jwks`)).json()) as JSONWebKeySet;
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    if (!jwk) throw new Error(`the JWKS has no key ${header.kid}`);
    const publicKey = (await importJWK(jwk, header.alg)) as CryptoKey;
    const remote = createRemoteJWKSet(new URL(`${issuer}/jwks`));

    const targets: Target[] = [
      {
        label: '@authgraph/sdk verifyAccessToken(token, { issuer })',
        verify: async () => (await verifyAccessToken(token, { issuer })) !== null,
      },
      {
        label: 'jose.jwtVerify + createRemoteJWKSet + the same checks',
        verify: async () =>
          typeof (
            await jwtVerify(token, remote, {
              issuer,
              audience: issuer,
              typ: 'at+jwt',
              clockTolerance: 60,
              requiredClaims: ['sub', 'exp', 'iat', 'client_id'],
            })
          ).payload.sub === 'string',
      },
      {
        label: 'baseline: bare jose.jwtVerify(token, publicKey)',
        verify: async () => typeof (await jwtVerify(token, publicKey)).payload.sub === 'string',
      },
    ];

    const session = await verifyAccessToken(token, { issuer });
    if (session?.subject !== client.id) throw new Error(`verifyAccessToken answered ${JSON.stringify(session)}`);

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
    printTable(
      `SDK verify — verifyAccessToken (warm JWKS) vs bare jose.jwtVerify (${header.alg})`,
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
        `verifyAccessToken / bare jose = ${ratio(r)} the verifications per second (goal ≥ 0.90×: ${r >= 0.9 ? 'met' : 'NOT met'})`,
        `one ${token.length}-byte ${header.alg} access token from POST /{issuer}/token, verified one at a time by every row; the JWKS is fetched once (warm-up) and never again`,
        `warm-up ${WARMUP_MS} ms each, then ${ROUNDS} alternating rounds of ${ROUND_MS} ms; verifications/s is the median of the rounds' rates`,
        `in process, no HTTP per verification; ${machineNote().replace(/; load generated.*/, '')}`,
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
