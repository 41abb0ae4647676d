/**
 * The token endpoint's hot path (src/data/sql.ts, `rotate` in src/domain/sessions.ts): the typed
 * query layer returns values as the drivers parse them on both databases; a plain refresh takes
 * the one-statement rotation and records the same `session.refreshed` payload the two-statement
 * path records; anything the one statement cannot decide falls back and keeps every refusal
 * (reuse detection, another client, a DPoP-bound token without its key, a suspended user).
 * Statement counts, never timings.
 */
import { describe, expect, it, test } from './fixtures.js';
import type { TestServer } from './helpers/server.js';
import { createIssuer, createUser } from './helpers/fixtures.js';
import type { Issuer } from '../src/generated/prisma/client.js';
import { eventData } from '../src/domain/event-payloads.js';
import { MAX_PREPARED } from '../src/data/sql.js';

type Obj = Record<string, any>;
const REDIRECT = 'https://app.example.com/callback';

describe('token endpoint hot path', () => {
  let server: TestServer;
  let issuer: Issuer;
  let issuerUrl: string;
  let client: { id: string; secret: string };
  const token = async (form: Record<string, string>, as = client) => {
    const r = await fetch(`${issuerUrl}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${as.id}:${as.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams(form),
    });
    return { status: r.status, json: (await r.json()) as Obj };
  };
  const newClient = async () => {
    const r = await server.gql.request<Obj, Obj>(
      `mutation HotPathClient($input: CreateClientInput!) { createClient(input: $input) { ... on CreateClientPayload { secret client { id } } } }`,
      { input: { issuerId: issuer.id, name: 'web', redirectUris: [REDIRECT], scopes: ['openid', 'profile'] } },
    );
    return { id: r.createClient.client.id as string, secret: r.createClient.secret as string };
  };

  /** A signed-in session of a new user and the first refresh token of a code exchange. */
  async function firstRefreshToken(): Promise<{ sessionId: string; userId: string; refreshToken: string }> {
    const user = await createUser(server.gql, issuer.id);
    const { session } = await server.app.services.sessions.signIn({
      issuer,
      userId: user.id,
      clientId: client.id,
      amr: ['pwd'],
      device: { userAgent: 'hot-path test', ip: '192.0.2.7' },
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
    const answer = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(answer.status).toBe(200);
    return { sessionId: session.id, userId: user.id, refreshToken: answer.json.refresh_token as string };
  }

  test.beforeAll(async ({ server: started }) => {
    server = started;
    const created = await createIssuer(server.gql);
    issuer = await server.app.db.prisma.issuer.findUniqueOrThrow({ where: { id: created.id } });
    issuerUrl = `${server.app.publicUrl()}/${issuer.id}`;
    client = await newClient();
  });

  it('the query layer answers timestamps as Dates, arrays, booleans, integers, JSON and NULL as the drivers parse them', async () => {
    const at = new Date('2026-11-30T05:06:07.089Z');
    const rows = await server.app.db.sql.query<Obj>(
      `SELECT $1::timestamptz AS at, $2::text[] AS list, $3::boolean AS flag, $4::int AS n, $5::jsonb AS doc, $6::text AS none, 'x' AS plain`,
      [at, ['a', 'b,c', 'd"e'], true, 42, JSON.stringify({ k: [1, 'two'] }), null],
    );
    expect(rows).toEqual([{ at, list: ['a', 'b,c', 'd"e'], flag: true, n: 42, doc: { k: [1, 'two'] }, none: null, plain: 'x' }]);
    // the same text again runs the prepared statement (new values, same answer shape)
    const again = await server.app.db.sql.query<Obj>(
      `SELECT $1::timestamptz AS at, $2::text[] AS list, $3::boolean AS flag, $4::int AS n, $5::jsonb AS doc, $6::text AS none, 'x' AS plain`,
      [at, [], false, -1, '[]', 'some'],
    );
    expect(again).toEqual([{ at, list: [], flag: false, n: -1, doc: [], none: 'some', plain: 'x' }]);
  });

  it('past MAX_PREPARED distinct texts the query layer still answers (unnamed statements, no lock wait)', async () => {
    const answers = await Promise.all(
      Array.from({ length: MAX_PREPARED + 4 }, (_, i) => server.app.db.sql.query<{ n: number }>(`SELECT $1::int + ${i} AS n`, [1])),
    );
    expect(answers.map((rows) => rows[0]!.n)).toEqual(Array.from({ length: MAX_PREPARED + 4 }, (_, i) => i + 1));
  });

  it("background statements (the metered-event batches) answer but count as no request's", async () => {
    const before = server.app.db.sql.count();
    const inBackground = server.app.db.sql.background.count();
    const total = server.app.db.queryCount();
    expect(await server.app.db.sql.background.query<{ n: number }>('SELECT $1::int + 1 AS n', [41])).toEqual([{ n: 42 }]);
    expect(server.app.db.sql.count()).toBe(before);
    // counted apart, and still in the total /metrics shows
    expect(server.app.db.sql.background.count()).toBe(inBackground + 1);
    expect(server.app.db.queryCount()).toBeGreaterThanOrEqual(total + 1);
    // a refresh's metered token.issued is stored by such a batch, outside the refresh's one statement
    const { userId, refreshToken } = await firstRefreshToken();
    await server.app.flushMetered();
    const issued = () => server.app.db.prisma.event.count({ where: { type: 'token.issued', subject: userId, metered: true } });
    expect(await issued()).toBe(1);
    const counted = server.app.db.sql.count();
    expect((await token({ grant_type: 'refresh_token', refresh_token: refreshToken })).status).toBe(200);
    await server.app.flushMetered();
    expect(server.app.db.sql.count() - counted).toBe(1);
    expect(await issued()).toBe(2);
  });

  it('a plain refresh is one statement and records the payload the two-statement path records', async () => {
    const { sessionId, refreshToken } = await firstRefreshToken();
    const before = server.app.db.sql.count();
    const plain = await token({ grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(plain.status).toBe(200);
    expect(server.app.db.sql.count() - before).toBe(1);
    // narrowing the scope takes the two-statement path (read, then the rotation)
    const before2 = server.app.db.sql.count();
    const narrowed = await token({ grant_type: 'refresh_token', refresh_token: plain.json.refresh_token, scope: 'openid' });
    expect(narrowed.status).toBe(200);
    expect(server.app.db.sql.count() - before2).toBe(2);

    const session = await server.app.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    const events = await server.app.db.prisma.event.findMany({
      where: { subject: sessionId, type: 'session.refreshed' },
      orderBy: { seq: 'asc' },
    });
    expect(events).toHaveLength(2);
    const [one, two] = events;
    // both as eventData builds them from the session after the rotation (last seen moved)
    for (const event of [one!, two!]) {
      const seen = new Date((event.data as Obj).lastSeenAt as string);
      expect(event.data).toEqual(
        JSON.parse(JSON.stringify(eventData('session.refreshed', { session: { ...session, lastSeenAt: seen }, clientId: client.id }))),
      );
      expect(event).toMatchObject({
        actorType: 'user',
        actorId: session.userId,
        issuerId: issuer.id,
        organizationId: null,
        metered: false,
      });
    }
    expect(Object.keys(one!.data as Obj).sort()).toEqual(Object.keys(two!.data as Obj).sort());
  });

  it('what one statement cannot decide falls back with every refusal intact', async () => {
    // another client: refused, and the owner's token still works
    const { refreshToken, sessionId, userId } = await firstRefreshToken();
    const other = await newClient();
    expect((await token({ grant_type: 'refresh_token', refresh_token: refreshToken }, other)).json.error).toBe('invalid_grant');
    const next = await token({ grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(next.status).toBe(200);
    // a replay of the rotated token: reuse detected, the session compromised once, the successor dead
    expect((await token({ grant_type: 'refresh_token', refresh_token: refreshToken })).json.error).toBe('invalid_grant');
    expect((await token({ grant_type: 'refresh_token', refresh_token: next.json.refresh_token })).json.error).toBe('invalid_grant');
    expect((await server.app.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe('compromised');
    expect(await server.app.db.prisma.event.count({ where: { subject: sessionId, type: 'session.compromised' } })).toBe(1);
    // a suspended user: refused, nothing rotated
    const second = await firstRefreshToken();
    await server.app.db.prisma.user.update({ where: { id: second.userId }, data: { status: 'suspended' } });
    expect((await token({ grant_type: 'refresh_token', refresh_token: second.refreshToken })).json.error).toBe('invalid_grant');
    expect(await server.app.db.prisma.refreshToken.count({ where: { sessionId: second.sessionId, status: 'rotated' } })).toBe(0);
    expect(userId).not.toBe(second.userId);
  });

  it('a DPoP-bound refresh token does not rotate without a proof by its key', async () => {
    const { sessionId, refreshToken } = await firstRefreshToken();
    await server.app.db.prisma.refreshToken.updateMany({ where: { sessionId, status: 'active' }, data: { jkt: 'x'.repeat(43) } });
    const refused = await token({ grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(refused.json.error).toBe('invalid_grant');
    expect(await server.app.db.prisma.refreshToken.count({ where: { sessionId, status: 'active' } })).toBe(1);
    expect((await server.app.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe('active');
  });
});
