/**
 * DPoP (RFC 9449) cost at the token endpoint: `client_credentials` tokens/s for the same M2M
 * client with a fresh DPoP proof on every request (ES256, server nonce cached from `DPoP-Nonce`,
 * token bound with `cnf.jkt`) vs plain bearer requests, measured in the same run, alternating.
 * Goal: DPoP ≥ 0.7× bearer, judged on the server's cost: the server runs in this process, so the
 * goal row uses proofs signed before each round (fresh jti each, the current nonce; a proof is
 * good for `IAT_WINDOW_SECONDS`), which keeps a client's signing off the server's thread as on a
 * real deployment. A second row signs each proof on the fly in this process (client + server on
 * one thread) for comparison.
 *
 *   npm run bench -- dpop      (BENCH_SECONDS=… per measured round, default 5)
 * @module
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { decodeJwt } from 'jose';
import {
  clientBasic,
  createIssuerAndOrg,
  createM2mClient,
  fmt,
  FORM_HEADERS,
  machineNote,
  printTable,
  progress,
  ratio,
  startBenchServer,
} from './lib/common.js';

const CONCURRENCY = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = 2;
const ROUNDS = 2;
const BODY = 'grant_type=client_credentials&scope=invoices%3Aread';

/** A sync ES256 DPoP signer (a fresh jti and iat per proof). */
function dpopSigner() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const header = Buffer.from(
    JSON.stringify({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } }),
  ).toString('base64url');
  const key = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
  return (htu: string, nonce: string | null) => {
    const claims: Record<string, unknown> = {
      htm: 'POST',
      htu,
      jti: randomBytes(12).toString('base64url'),
      iat: Math.floor(Date.now() / 1000),
    };
    if (nonce) claims.nonce = nonce;
    const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  };
}

interface Round {
  tokens: number;
  seconds: number;
}

/** `CONCURRENCY` workers requesting tokens back to back for `seconds`; every answer must be a 200 of the right type. */
async function load(
  tokenUrl: string,
  authorization: string,
  seconds: number,
  dpop: ReturnType<typeof dpopSigner> | null,
  options: { nonce?: string | null; presigned?: number } = {},
): Promise<Round> {
  let nonce: string | null = options.nonce ?? null;
  // proofs signed before the clock starts (each with its own jti); past them, signed on the fly
  const pool = dpop ? Array.from({ length: options.presigned ?? 0 }, () => dpop(tokenUrl, nonce)) : [];
  let tokens = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  async function worker() {
    while (performance.now() < until) {
      const headers: Record<string, string> = { ...FORM_HEADERS, authorization };
      if (dpop) headers.dpop = pool.pop() ?? dpop(tokenUrl, nonce);
      const response = await fetch(tokenUrl, { method: 'POST', headers, body: BODY });
      const fresh = response.headers.get('dpop-nonce');
      if (fresh) nonce = fresh;
      const body = (await response.json()) as { token_type?: string; error?: string };
      if (response.status === 400 && body.error === 'use_dpop_nonce') {
        pool.length = 0; // the nonce moved on: the pre-signed proofs carry the old one
        continue;
      }
      if (response.status !== 200 || body.token_type !== (dpop ? 'DPoP' : 'Bearer'))
        throw new Error(`unexpected answer ${response.status} ${JSON.stringify(body)}`);
      tokens++;
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { tokens, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const server = await startBenchServer();
  try {
    const { issuerId } = await createIssuerAndOrg(server, 'DPoP');
    const client = await createM2mClient(server, { issuerId, name: 'bench-dpop', scopes: ['invoices:read'] });
    const tokenUrl = `${server.app.publicUrl()}/${issuerId}/token`;
    const authorization = clientBasic(client.id, client.secret);
    const signer = dpopSigner();
    // sanity (not timed): the DPoP token is bound to the key
    const nonceAnswer = await fetch(tokenUrl, {
      method: 'POST',
      headers: { ...FORM_HEADERS, authorization, dpop: signer(tokenUrl, null) },
      body: BODY,
    });
    const nonce = nonceAnswer.headers.get('dpop-nonce');
    const bound = (await (
      await fetch(tokenUrl, { method: 'POST', headers: { ...FORM_HEADERS, authorization, dpop: signer(tokenUrl, nonce) }, body: BODY })
    ).json()) as { access_token: string };
    if (!(decodeJwt(bound.access_token).cnf as { jkt?: string } | undefined)?.jkt) throw new Error('the DPoP token carries no cnf.jkt');

    progress('warming up');
    await load(tokenUrl, authorization, WARMUP_SECONDS, null);
    await load(tokenUrl, authorization, WARMUP_SECONDS, signer);
    const totals = { bearer: { tokens: 0, seconds: 0 }, dpop: { tokens: 0, seconds: 0 }, inline: { tokens: 0, seconds: 0 } };
    // enough pre-signed proofs for a round at a few times the bearer rate seen in warm-up
    const presigned = Math.max(2000, Math.ceil((await load(tokenUrl, authorization, 1, null)).tokens * SECONDS * 3));
    for (let round = 0; round < ROUNDS; round++) {
      const kinds = ['bearer', 'dpop', 'inline'] as const;
      for (const kind of round % 2 === 0 ? kinds : [...kinds].reverse()) {
        progress(`round ${round + 1}: ${kind}`);
        const r = await load(tokenUrl, authorization, SECONDS, kind === 'bearer' ? null : signer, {
          nonce,
          presigned: kind === 'dpop' ? presigned : 0,
        });
        totals[kind].tokens += r.tokens;
        totals[kind].seconds += r.seconds;
      }
    }
    const rate = (k: keyof typeof totals) => totals[k].tokens / totals[k].seconds;
    const r = rate('dpop') / rate('bearer');
    printTable(
      'DPoP — client_credentials tokens/s: DPoP-bound vs plain bearer, same client, same run',
      ['requests', 'tokens/s', 'tokens', 'vs bearer'],
      [
        ['Bearer (HTTP Basic only)', fmt(rate('bearer'), 0), String(totals.bearer.tokens), ratio(1)],
        ['DPoP (ES256 proof per request, server nonce, cnf.jkt)', fmt(rate('dpop'), 0), String(totals.dpop.tokens), ratio(r)],
        [
          'DPoP, each proof signed on the fly in this process',
          fmt(rate('inline'), 0),
          String(totals.inline.tokens),
          ratio(rate('inline') / rate('bearer')),
        ],
      ],
      [
        `DPoP / bearer = ${ratio(r)} the tokens per second (goal ≥ 0.70×: ${r >= 0.7 ? 'met' : 'NOT met'})`,
        `${CONCURRENCY} concurrent fetch workers in this process, ${ROUNDS} alternating rounds of ${SECONDS} s after ${WARMUP_SECONDS} s warm-up each; every answer checked`,
        `goal row: ${presigned} proofs signed before each round (node:crypto ES256, fresh jti each), the server verifies every one; replay cache in memory; ${machineNote()}`,
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
