/**
 * Setup shared by the sign-in benchmarks: a web client (authorization_code + refresh_token), a
 * user with a password, and sessions with codes or refresh tokens made through the domain
 * services (setup, not timed).
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { mutate, type BenchServer } from './common.js';

export const BENCH_PASSWORD = 'bench sign-in passphrase 2026!';
export const REDIRECT_URI = 'http://127.0.0.1:9/callback';

/** A confidential web client (client_secret_basic) allowed both user grants. */
export async function createWebClient(server: BenchServer, issuerId: string): Promise<{ id: string; secret: string }> {
  const p = await mutate<{ client: { id: string }; secret: string }>(
    server,
    `mutation($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { message } } }`,
    'createClient',
    { issuerId, name: 'bench web app', redirectUris: [REDIRECT_URI], scopes: ['openid', 'profile', 'email', 'offline_access'] },
  );
  return { id: p.client.id, secret: p.secret };
}

/** A user of the issuer with BENCH_PASSWORD set through `setUserPassword`. */
export async function createUserWithPassword(server: BenchServer, issuerId: string, username: string): Promise<string> {
  const created = await mutate<{ user: { id: string } }>(
    server,
    `mutation($input: CreateUserInput!) { createUser(input: $input) { __typename ... on CreateUserPayload { user { id } } ... on Error { message } } }`,
    'createUser',
    { issuerId, username },
  );
  await mutate(
    server,
    `mutation($input: SetUserPasswordInput!) { setUserPassword(input: $input) { __typename ... on Error { message } } }`,
    'setUserPassword',
    {
      userId: created.user.id,
      password: BENCH_PASSWORD,
    },
  );
  return created.user.id;
}

/** A PKCE pair (RFC 7636 S256). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** A signed-in session of the user, as the hosted page makes one. */
export async function signedInSession(server: BenchServer, issuerId: string, userId: string, clientId: string) {
  const issuer = await server.app.db.prisma.issuer.findUniqueOrThrow({ where: { id: issuerId } });
  const { session } = await server.app.services.sessions.signIn({
    issuer,
    userId,
    clientId,
    amr: ['pwd'],
    device: { userAgent: 'bench', ip: '127.0.0.1' },
  });
  return session;
}

/** `count` authorization codes of one session, all with the same PKCE challenge. */
export async function issueCodes(
  server: BenchServer,
  issuerId: string,
  userId: string,
  clientId: string,
  count: number,
  challenge: string,
): Promise<string[]> {
  const session = await signedInSession(server, issuerId, userId, clientId);
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    codes.push(
      await server.app.services.sessions.issueCode({
        session,
        clientId,
        redirectUri: REDIRECT_URI,
        scope: 'openid profile email offline_access',
        nonce: `n${i}`,
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
      }),
    );
  }
  return codes;
}

/** A first refresh token for each of `count` sessions of the user. */
export async function refreshTokens(
  server: BenchServer,
  issuerId: string,
  userId: string,
  clientId: string,
  count: number,
): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const { verifier, challenge } = pkcePair();
    const [code] = await issueCodes(server, issuerId, userId, clientId, 1, challenge);
    const redeemed = await server.app.services.sessions.redeemCode({
      issuerId,
      clientId,
      code: code!,
      redirectUri: REDIRECT_URI,
      codeVerifier: verifier,
      withRefreshToken: true,
    });
    if (!redeemed.ok || !redeemed.refreshToken) throw new Error(`setup: code redemption failed (${JSON.stringify(redeemed)})`);
    tokens.push(redeemed.refreshToken);
  }
  return tokens;
}
