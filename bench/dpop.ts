/**
 * DPoP (RFC 9449) cost at the token endpoint: `client_credentials` tokens/s for the same M2M
 * client with a fresh DPoP proof on every request (ES256, server nonce cached from `DPoP-Nonce`,
 * token bound with `cnf.jkt`) vs plain bearer requests, measured in the same run, alternating.
 * Goal: DPoP ≥ 0.7× bearer. The client signs its proofs in this process (node:crypto, sync), as
 * a real client would; that cost is inside the DPoP figure.
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
async function load(tokenUrl: string, authorization: string, seconds: number, dpop: ReturnType<typeof dpopSigner> | null): Promise<Round> {
  let nonce: string | null = null;
  let tokens = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  async function worker() {
    while (performance.now() < until) {
      const headers: Record<string, string> = { ...FORM_HEADERS, authorization };
      if (dpop) headers.dpop = dpop(tokenUrl, nonce);
      const response = await fetch(tokenUrl, { method: 'POST', headers, body: BODY });
      const fresh = response.headers.get('dpop-nonce');
      if (fresh) nonce = fresh;
      const body = (await response.json()) as { token_type?: string; error?: string };
      if (response.status === 400 && body.error === 'use_dpop_nonce') continue;
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
    const totals = { bearer: { tokens: 0, seconds: 0 }, dpop: { tokens: 0, seconds: 0 } };
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of round % 2 === 0 ? (['bearer', 'dpop'] as const) : (['dpop', 'bearer'] as const)) {
        progress(`round ${round + 1}: ${kind}`);
        const r = await load(tokenUrl, authorization, SECONDS, kind === 'dpop' ? signer : null);
        totals[kind].tokens += r.tokens;
        totals[kind].seconds += r.seconds;
      }
    }
    const rate = (k: 'bearer' | 'dpop') => totals[k].tokens / totals[k].seconds;
    const r = rate('dpop') / rate('bearer');
    printTable(
      'DPoP — client_credentials tokens/s: DPoP-bound vs plain bearer, same client, same run',
      ['requests', 'tokens/s', 'tokens', 'vs bearer'],
      [
        ['Bearer (HTTP Basic only)', fmt(rate('bearer'), 0), String(totals.bearer.tokens), ratio(1)],
        ['DPoP (ES256 proof per request, server nonce, cnf.jkt)', fmt(rate('dpop'), 0), String(totals.dpop.tokens), ratio(r)],
      ],
      [
        `DPoP / bearer = ${ratio(r)} the tokens per second (goal ≥ 0.70×: ${r >= 0.7 ? 'met' : 'NOT met'})`,
        `${CONCURRENCY} concurrent fetch workers in this process, ${ROUNDS} alternating rounds of ${SECONDS} s after ${WARMUP_SECONDS} s warm-up each; every answer checked`,
        `proofs signed by the client in the same process (node:crypto ES256); replay cache in memory; ${machineNote()}`,
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
