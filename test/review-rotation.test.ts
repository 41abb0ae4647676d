/**
 * Adversarial review of the one-statement refresh rotation (`rotateAtOnce` in
 * src/domain/sessions.ts) and the prepared-statement layer (src/data/sql.ts), black-box over real
 * HTTP: every condition the one statement does not satisfy changes nothing and falls back to the
 * two-statement path (its refusal, its reuse detection).
 */
import { describe, expect, it, test } from './fixtures.js';
import type { TestServer } from './helpers/server.js';
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { createIssuer, createMembership, createOrganization, createUser } from './helpers/fixtures.js';
import type { Issuer } from '../src/generated/prisma/client.js';
import { eventData } from '../src/domain/event-payloads.js';

type Obj = Record<string, any>;
const REDIRECT = 'https://app.example.com/callback';

describe('review: one-statement refresh rotation', () => {
  let server: TestServer;
  let issuers: Issuer[];
  const clients: { id: string; secret: string; issuer: Issuer }[] = [];

  const token = async (form: Record<string, string>, as: { id: string; secret: string; issuer: Issuer }) => {
    const r = await fetch(`${server.app.publicUrl()}/${as.issuer.id}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${as.id}:${as.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams(form),
    });
    const text = await r.text();
    return { status: r.status, text, json: JSON.parse(text) as Obj };
  };
  const newClient = async (issuer: Issuer) => {
    const r = await server.gql.request<Obj, Obj>(
      `mutation ReviewClient($input: CreateClientInput!) { createClient(input: $input) { ... on CreateClientPayload { secret client { id } } } }`,
      { input: { issuerId: issuer.id, name: 'web', redirectUris: [REDIRECT], scopes: ['openid', 'profile'] } },
    );
    return { id: r.createClient.client.id as string, secret: r.createClient.secret as string, issuer };
  };

  /** A signed-in session of a new user and the first refresh token of a code exchange. */
  async function firstRefreshToken(
    client = clients[0]!,
    device = { userAgent: 'review', ip: '192.0.2.9' },
    before?: (userId: string) => Promise<unknown>,
  ) {
    const user = await createUser(server.gql, client.issuer.id);
    await before?.(user.id);
    const { session } = await server.app.services.sessions.signIn({
      issuer: client.issuer,
      userId: user.id,
      clientId: client.id,
      amr: ['pwd'],
      device,
    });
    const code = await server.app.services.sessions.issueCode({
      session,
      clientId: client.id,
      redirectUri: REDIRECT,
      scope: 'openid profile',
      nonce: null,
      codeChallenge: null,
      codeChallengeMethod: null,
    });
    const answer = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, client);
    expect(answer.status).toBe(200);
    return { sessionId: session.id, userId: user.id, refreshToken: answer.json.refresh_token as string };
  }
  const sessionOf = (id: string) => server.app.db.prisma.session.findUniqueOrThrow({ where: { id } });
  const activeTokens = (sessionId: string) => server.app.db.prisma.refreshToken.count({ where: { sessionId, status: 'active' } });
  const events = (sessionId: string, type: string) => server.app.db.prisma.event.count({ where: { subject: sessionId, type } });

  test.beforeAll(async ({ server: started }) => {
    server = started;
    issuers = [];
    for (let i = 0; i < 2; i++) {
      const created = await createIssuer(server.gql);
      issuers.push(await server.app.db.prisma.issuer.findUniqueOrThrow({ where: { id: created.id } }));
    }
    clients.push(await newClient(issuers[0]!), await newClient(issuers[0]!), await newClient(issuers[1]!));
  });

  it('concurrent replay: of N parallel refreshes of one token exactly one wins, the session is compromised once', async () => {
    for (let round = 0; round < 3; round++) {
      const { sessionId, refreshToken } = await firstRefreshToken();
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => token({ grant_type: 'refresh_token', refresh_token: refreshToken }, clients[0]!)),
      );
      const won = answers.filter((a) => a.status === 200);
      expect(won).toHaveLength(1);
      for (const a of answers.filter((x) => x.status !== 200)) expect(a.json.error).toBe('invalid_grant');
      expect((await sessionOf(sessionId)).status).toBe('compromised');
      expect(await activeTokens(sessionId)).toBe(0);
      expect(await events(sessionId, 'session.compromised')).toBe(1);
      expect(await events(sessionId, 'session.refreshed')).toBe(1);
      const late = await token({ grant_type: 'refresh_token', refresh_token: won[0]!.json.refresh_token }, clients[0]!);
      expect(late.json.error).toBe('invalid_grant');
      expect(await events(sessionId, 'session.compromised')).toBe(1);
    }
  });

  it('sequential replay revokes the session and its successor', async () => {
    const { sessionId, refreshToken } = await firstRefreshToken();
    const next = await token({ grant_type: 'refresh_token', refresh_token: refreshToken }, clients[0]!);
    expect(next.status).toBe(200);
    expect((await token({ grant_type: 'refresh_token', refresh_token: refreshToken }, clients[0]!)).json.error).toBe('invalid_grant');
    expect((await token({ grant_type: 'refresh_token', refresh_token: next.json.refresh_token }, clients[0]!)).json.error).toBe(
      'invalid_grant',
    );
    expect((await sessionOf(sessionId)).status).toBe('compromised');
    expect(await events(sessionId, 'session.compromised')).toBe(1);
  });

  it('cross-client and cross-issuer: refused, nothing changes, the owner may still refresh', async () => {
    const { sessionId, refreshToken } = await firstRefreshToken();
    const sameIssuer = await token({ grant_type: 'refresh_token', refresh_token: refreshToken }, clients[1]!);
    expect(sameIssuer.status).toBe(400);
    expect(sameIssuer.json.error).toBe('invalid_grant');
    const otherIssuer = await token({ grant_type: 'refresh_token', refresh_token: refreshToken }, clients[2]!);
    expect(otherIssuer.json.error).toBe('invalid_grant');
    expect(await activeTokens(sessionId)).toBe(1);
    expect(await events(sessionId, 'session.refreshed')).toBe(0);
    expect((await token({ grant_type: 'refresh_token', refresh_token: refreshToken }, clients[0]!)).status).toBe(200);
    expect((await sessionOf(sessionId)).status).toBe('active');
  });

  it('revoked, expired (absolute and idle) sessions, expired tokens, suspended or deleted users: refused, nothing rotates', async () => {
    const { prisma } = server.app.db;
    const cases: [string, (s: { sessionId: string; userId: string }) => Promise<unknown>][] = [
      ['revoked', ({ sessionId }) => server.app.services.sessions.signOut(sessionId)],
      [
        'absolute',
        ({ sessionId }) => prisma.session.update({ where: { id: sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } }),
      ],
      [
        'idle',
        ({ sessionId }) =>
          prisma.session.update({
            where: { id: sessionId },
            data: { lastSeenAt: new Date(Date.now() - issuers[0]!.sessionIdleTimeoutSeconds * 1000 - 1000) },
          }),
      ],
      [
        'token expired',
        ({ sessionId }) => prisma.refreshToken.updateMany({ where: { sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } }),
      ],
      ['suspended', ({ userId }) => prisma.user.update({ where: { id: userId }, data: { status: 'suspended' } })],
    ];
    for (const [name, act] of cases) {
      const made = await firstRefreshToken();
      await act(made);
      const answer = await token({ grant_type: 'refresh_token', refresh_token: made.refreshToken }, clients[0]!);
      expect(answer.json.error, name).toBe('invalid_grant');
      expect(await prisma.refreshToken.count({ where: { sessionId: made.sessionId, status: 'rotated' } }), name).toBe(0);
      expect(await events(made.sessionId, 'session.refreshed'), name).toBe(0);
    }
  });

  it('a DPoP-bound refresh token: without a proof or with another key it does not rotate, and is no reuse', async () => {
    const { sessionId, refreshToken } = await firstRefreshToken();
    await server.app.db.prisma.refreshToken.updateMany({ where: { sessionId, status: 'active' }, data: { jkt: 'k'.repeat(43) } });
    expect((await token({ grant_type: 'refresh_token', refresh_token: refreshToken }, clients[0]!)).json.error).toBe('invalid_grant');
    expect((await token({ grant_type: 'refresh_token', refresh_token: refreshToken }, clients[0]!)).json.error).toBe('invalid_grant');
    expect(await activeTokens(sessionId)).toBe(1);
    expect((await sessionOf(sessionId)).status).toBe('active');
  });

  it('unusual characters in the session (user agent) reach the event payload unchanged', async () => {
    const userAgent = `we'ird "ua" \\ ${'$1'} é 🚀 \u0001 ; DROP`;
    const { sessionId, refreshToken } = await firstRefreshToken(clients[0]!, { userAgent, ip: '2001:db8::1' });
    const next = await token({ grant_type: 'refresh_token', refresh_token: refreshToken }, clients[0]!);
    expect(next.status).toBe(200);
    const event = await server.app.db.prisma.event.findFirstOrThrow({ where: { subject: sessionId, type: 'session.refreshed' } });
    expect((event.data as Obj).userAgent).toBe(userAgent);
    expect((event.data as Obj).ip).toBe('2001:db8::1');
    expect((event.data as Obj).lastSeenAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('a statement error in the rotation answers a clean error, changes nothing and is no reuse', async () => {
    const { prisma } = server.app.db;
    const { sessionId, refreshToken } = await firstRefreshToken();
    await prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION review_fail() RETURNS trigger AS $$
      BEGIN IF NEW."sessionId" = '${sessionId}' THEN RAISE unique_violation USING MESSAGE = 'review secret detail'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER review_fail BEFORE INSERT ON "RefreshToken" FOR EACH ROW EXECUTE FUNCTION review_fail()`,
    );
    try {
      const answer = await token({ grant_type: 'refresh_token', refresh_token: refreshToken }, clients[0]!);
      expect(answer.text).not.toContain('review secret detail');
      expect(answer.status).toBe(500);
      expect(answer.json.error).toBe('server_error');
      expect(await activeTokens(sessionId)).toBe(1);
      expect((await sessionOf(sessionId)).status).toBe('active');
      expect(await events(sessionId, 'session.refreshed')).toBe(0);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER review_fail ON "RefreshToken"`);
    }
    // a retry after the fault is no reuse
    expect((await token({ grant_type: 'refresh_token', refresh_token: refreshToken }, clients[0]!)).status).toBe(200);
  });

  it('a rotation while an interactive transaction is open elsewhere neither deadlocks nor joins it', async () => {
    const { prisma } = server.app.db;
    const { sessionId, refreshToken } = await firstRefreshToken();
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let entered!: () => void;
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    const tx = prisma
      .$transaction(
        async (t) => {
          await t.$executeRawUnsafe(`UPDATE "Session" SET "userAgent" = 'rolled back' WHERE id = $1`, sessionId);
          entered();
          await held;
          throw new Error('roll back');
        },
        { timeout: 20_000 },
      )
      .catch((e: Error) => e.message);
    await inside;
    const refresh = token({ grant_type: 'refresh_token', refresh_token: refreshToken }, clients[0]!);
    await new Promise((r) => setTimeout(r, 300));
    release();
    expect(await tx).toBe('roll back');
    const answer = await refresh;
    expect(answer.status).toBe(200);
    const session = await sessionOf(sessionId);
    expect(session.userAgent).toBe('review');
    expect(await events(sessionId, 'session.refreshed')).toBe(1);
    expect(await activeTokens(sessionId)).toBe(1);
  });

  it('mixed concurrent replay (plain and narrowed refreshes of one token): one wins, one compromise', async () => {
    const { sessionId, refreshToken } = await firstRefreshToken();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        token({ grant_type: 'refresh_token', refresh_token: refreshToken, ...(i % 2 ? { scope: 'openid' } : {}) }, clients[0]!),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect((await sessionOf(sessionId)).status).toBe('compromised');
    expect(await activeTokens(sessionId)).toBe(0);
    expect(await events(sessionId, 'session.compromised')).toBe(1);
    expect(await events(sessionId, 'session.refreshed')).toBe(1);
  });

  it('an org-scoped session: the answer and the access token follow live membership and organization state', async () => {
    const { prisma } = server.app.db;
    const org = await createOrganization(server.gql, issuers[0]!.id);
    const made = await firstRefreshToken(clients[0]!, undefined, (userId) =>
      createMembership(server.gql, org.id, userId, ['invoices:read']),
    );
    expect((await sessionOf(made.sessionId)).organizationId).toBe(org.id);
    const live = await token({ grant_type: 'refresh_token', refresh_token: made.refreshToken }, clients[0]!);
    expect(live.status).toBe(200);
    expect(decodeJwt(live.json.access_token as string).org_id).toBe(org.id);
    const event = await prisma.event.findFirstOrThrow({ where: { subject: made.sessionId, type: 'session.refreshed' } });
    expect(event.organizationId).toBe(org.id);
    expect((event.data as Obj).organizationId).toBe(org.id);
    // organization suspended: no organization context any more (as the two-statement path answers)
    await prisma.organization.update({ where: { id: org.id }, data: { status: 'suspended' } });
    const suspended = await token({ grant_type: 'refresh_token', refresh_token: live.json.refresh_token }, clients[0]!);
    expect(suspended.status).toBe(200);
    const narrowed = await token(
      { grant_type: 'refresh_token', refresh_token: suspended.json.refresh_token, scope: 'openid profile' },
      clients[0]!,
    );
    expect(narrowed.status).toBe(200);
    for (const answer of [suspended, narrowed]) {
      const claims = decodeJwt(answer.json.access_token as string);
      expect(claims.org_id).toBeUndefined();
      expect(String(claims.scope ?? '')).not.toContain('invoices:read');
      expect(String(answer.json.scope)).not.toContain('invoices:read');
    }
    // membership removed
    await prisma.organization.update({ where: { id: org.id }, data: { status: 'active' } });
    const back = await token({ grant_type: 'refresh_token', refresh_token: narrowed.json.refresh_token }, clients[0]!);
    expect(decodeJwt(back.json.access_token as string).org_id).toBe(org.id);
    await prisma.membership.deleteMany({ where: { organizationId: org.id, userId: made.userId } });
    const removed = await token({ grant_type: 'refresh_token', refresh_token: back.json.refresh_token }, clients[0]!);
    expect(removed.status).toBe(200);
    expect(decodeJwt(removed.json.access_token as string).org_id).toBeUndefined();
  });

  it('DPoP with real proofs (public client): no proof or another key refuses and changes nothing; its key rotates, bound again', async () => {
    const issuer = issuers[1]!;
    const url = `${server.app.publicUrl()}/${issuer.id}/token`;
    const spa = await server.gql.request<Obj, Obj>(
      `mutation ReviewSpa($input: CreateClientInput!) { createClient(input: $input) { ... on CreateClientPayload { client { id } } } }`,
      {
        input: {
          issuerId: issuer.id,
          name: 'spa',
          confidential: false,
          applicationType: 'SPA',
          redirectUris: [REDIRECT],
          scopes: ['openid', 'profile'],
          grantTypes: ['AUTHORIZATION_CODE', 'REFRESH_TOKEN'],
        },
      },
    );
    const clientId = spa.createClient.client.id as string;
    const newKey = async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      const jwk = await exportJWK(publicKey);
      return { privateKey, jwk, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
    };
    let nonce = '';
    const post = async (form: Record<string, string>, key: Awaited<ReturnType<typeof newKey>> | null) => {
      for (let attempt = 0; attempt < 2; attempt++) {
        const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
        if (key) {
          const claims: Obj = { htm: 'POST', htu: url, jti: randomBytes(12).toString('base64url'), iat: Math.floor(Date.now() / 1000) };
          if (nonce) claims.nonce = nonce;
          headers.dpop = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk }).sign(key.privateKey);
        }
        const r = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(form) });
        nonce = r.headers.get('dpop-nonce') ?? nonce;
        const json = (await r.json()) as Obj;
        if (json.error !== 'use_dpop_nonce') return { status: r.status, json };
      }
      throw new Error('nonce loop');
    };
    const key = await newKey();
    const user = await createUser(server.gql, issuer.id);
    const { session } = await server.app.services.sessions.signIn({
      issuer,
      userId: user.id,
      clientId: null,
      amr: ['pwd'],
      device: { userAgent: 'review', ip: null },
    });
    const verifier = randomBytes(32).toString('base64url');
    const code = await server.app.services.sessions.issueCode({
      session,
      clientId,
      redirectUri: REDIRECT,
      scope: 'openid profile',
      nonce: null,
      codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
      codeChallengeMethod: 'S256',
    });
    const first = await post(
      { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: REDIRECT, code_verifier: verifier },
      key,
    );
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    const refresh = { grant_type: 'refresh_token', client_id: clientId, refresh_token: first.json.refresh_token as string };
    expect((await post(refresh, null)).json.error).toBe('invalid_grant');
    expect((await post(refresh, await newKey())).json.error).toBe('invalid_grant');
    expect(await activeTokens(session.id)).toBe(1);
    expect((await sessionOf(session.id)).status).toBe('active');
    const rotated = await post(refresh, key);
    expect(rotated.status, JSON.stringify(rotated.json)).toBe(200);
    expect(decodeJwt(rotated.json.access_token as string).cnf).toEqual({ jkt: key.jkt });
    const next = { ...refresh, refresh_token: rotated.json.refresh_token as string };
    expect((await post(next, null)).json.error).toBe('invalid_grant');
    expect((await post(next, key)).status).toBe(200);
    // the rotated one replayed with its key: reuse
    expect((await post(next, key)).json.error).toBe('invalid_grant');
    expect((await sessionOf(session.id)).status).toBe('compromised');
  });

  it('refreshes racing a revocation (RFC 7009) and each other: no hang, no 500, nothing left active, at most one compromise', async () => {
    for (let round = 0; round < 3; round++) {
      const { sessionId, refreshToken } = await firstRefreshToken();
      const revoke = fetch(`${server.app.publicUrl()}/${issuers[0]!.id}/revoke`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${clients[0]!.id}:${clients[0]!.secret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' }),
      }).then((r) => r.status);
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => token({ grant_type: 'refresh_token', refresh_token: refreshToken }, clients[0]!)),
      );
      expect(await revoke).toBe(200);
      for (const a of answers) expect([200, 400]).toContain(a.status);
      expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(1);
      expect((await sessionOf(sessionId)).status).not.toBe('active');
      expect(await activeTokens(sessionId)).toBe(0);
      expect(await events(sessionId, 'session.compromised')).toBeLessThanOrEqual(1);
    }
  });

  it('session.refreshed of the one statement equals eventData, with nulls (no client, agent, ip), an organization and ms timestamps', async () => {
    const { prisma } = server.app.db;
    const org = await createOrganization(server.gql, issuers[0]!.id);
    const user = await createUser(server.gql, issuers[0]!.id);
    await createMembership(server.gql, org.id, user.id, ['invoices:read']);
    const { session } = await server.app.services.sessions.signIn({
      issuer: issuers[0]!,
      userId: user.id,
      clientId: null,
      amr: ['pwd', 'otp'],
      device: { userAgent: null, ip: null },
    });
    await prisma.session.update({ where: { id: session.id }, data: { authTime: new Date(Date.now() - 1234) } });
    const code = await server.app.services.sessions.issueCode({
      session,
      clientId: clients[0]!.id,
      redirectUri: REDIRECT,
      scope: 'openid profile',
      nonce: null,
      codeChallenge: null,
      codeChallengeMethod: null,
    });
    const first = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, clients[0]!);
    const before = server.app.db.sql.count();
    expect((await token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token }, clients[0]!)).status).toBe(200);
    expect(server.app.db.sql.count() - before).toBe(1);
    const after = await sessionOf(session.id);
    const event = await prisma.event.findFirstOrThrow({ where: { subject: session.id, type: 'session.refreshed' } });
    expect(event.data).toEqual(JSON.parse(JSON.stringify(eventData('session.refreshed', { session: after, clientId: clients[0]!.id }))));
    expect(event).toMatchObject({ organizationId: org.id, actorType: 'user', actorId: user.id, actorOnBehalfOf: null });
  });

  it('a deleted user (GraphQL deleteUser, sequential and racing refreshes): refused, no hang, no 500', async () => {
    const del = (id: string) =>
      server.gql.request<Obj, Obj>(`mutation ReviewDelete($input: DeleteUserInput!) { deleteUser(input: $input) { __typename } }`, {
        input: { id },
      });
    const one = await firstRefreshToken();
    await del(one.userId);
    expect((await token({ grant_type: 'refresh_token', refresh_token: one.refreshToken }, clients[0]!)).json.error).toBe('invalid_grant');
    const two = await firstRefreshToken();
    const [answers] = await Promise.all([
      Promise.all(Array.from({ length: 3 }, () => token({ grant_type: 'refresh_token', refresh_token: two.refreshToken }, clients[0]!))),
      del(two.userId),
    ]);
    for (const a of answers) expect([200, 400]).toContain(a.status);
    expect(await server.app.db.prisma.refreshToken.count({ where: { sessionId: two.sessionId, status: 'active' } })).toBe(0);
  });

  it('organization_id still switches (two-statement path) and a plain refresh then keeps the new organization', async () => {
    const [a, b] = [await createOrganization(server.gql, issuers[0]!.id), await createOrganization(server.gql, issuers[0]!.id)];
    const made = await firstRefreshToken(clients[0]!, undefined, async (userId) => {
      await createMembership(server.gql, a.id, userId, ['invoices:read']);
      await createMembership(server.gql, b.id, userId, ['invoices:read']);
    });
    const switched = await token({ grant_type: 'refresh_token', refresh_token: made.refreshToken, organization_id: b.id }, clients[0]!);
    expect(switched.status, switched.text).toBe(200);
    expect(decodeJwt(switched.json.access_token as string).org_id).toBe(b.id);
    expect(await events(made.sessionId, 'session.organization-switched')).toBe(1);
    const plain = await token({ grant_type: 'refresh_token', refresh_token: switched.json.refresh_token }, clients[0]!);
    expect(decodeJwt(plain.json.access_token as string).org_id).toBe(b.id);
    const stranger = await createOrganization(server.gql, issuers[0]!.id);
    const refused = await token(
      { grant_type: 'refresh_token', refresh_token: plain.json.refresh_token, organization_id: stranger.id },
      clients[0]!,
    );
    expect(refused.json.error).toBe('invalid_request');
    // a refused switch is no reuse: the token still works
    expect((await token({ grant_type: 'refresh_token', refresh_token: plain.json.refresh_token }, clients[0]!)).status).toBe(200);
  });
});
