/**
 * Idempotency-Key on mutations (DESIGN §5; SECURITY-CASES FT-08..FT-10): replay of the stored
 * response, 422 on the same key with another body, 409 (or a replay) for concurrent duplicates,
 * 400 for unusable keys, and a retry after an unexpected failure runs again.
 * FT-11 (key scoping across credentials) needs a second credential, which arrives later.
 */
import { afterEach } from 'vitest';
import { describe, expect, it, test } from './fixtures.js';
import type { TestServer } from './helpers/server.js';
import { createIssuer } from './helpers/fixtures.js';
import { allEvents, dbCounts, eventsOfType, expectMasked, expectUnchanged, postText } from './helpers/state.js';
import { newId } from '../src/lib/ids.js';
import { createHash } from 'node:crypto';

const CREATE_ORGANIZATION = `
  mutation IdemCreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      __typename
      ... on CreateOrganizationPayload { organization { id slug createdAt } }
      ... on Error { code message }
      ... on ConflictError { field }
    }
  }
`;

const CREATE_INVITATION = `
  mutation IdemCreateInvitation($input: CreateInvitationInput!) {
    createInvitation(input: $input) {
      __typename
      ... on CreateInvitationPayload { token invitation { id } }
      ... on Error { code message }
    }
  }
`;

describe('Idempotency-Key', () => {
  let server: TestServer;
  let issuerId: string;
  let auth: string;

  test.beforeAll(async ({ server: started }) => {
    server = started;
    issuerId = (await createIssuer(server.gql)).id;
    auth = `Basic ${Buffer.from(`${server.keyId}:${server.keySecret}`).toString('base64')}`;
  });
  afterEach(() => {
    server.faults.failEventWrite = null;
  });

  const body = (slug: string, name = `Idem ${slug}`) =>
    JSON.stringify({ query: CREATE_ORGANIZATION, variables: { input: { issuerId, name, slug } } });
  const post = (text: string, key: string | null, extra: Record<string, string> = {}) =>
    postText(server.url, text, { authorization: auth, ...(key === null ? {} : { 'idempotency-key': key }), ...extra });
  const key = () => `test-${newId('idempotency')}`;
  const orgsWithSlug = (slug: string) => server.app.db.prisma.organization.count({ where: { slug } });
  const createdEventsFor = async (slug: string) =>
    (await eventsOfType(server.gql, 'organization.created')).filter((e) => e.data?.slug === slug);

  it('stores neither the request nor the response readably: an HMAC of the body, the response sealed; a replay still shows a created secret', async () => {
    const k = key();
    const text = JSON.stringify({
      query: `mutation IdemKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { secret apiKey { id } } } }`,
      variables: { input: { name: 'idem key' } },
    });
    const first = await post(text, k);
    const secret = JSON.parse(first.text).data.createApiKey.secret as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const record = await server.app.db.prisma.idempotencyRecord.findFirstOrThrow({ where: { key: k } });
    expect(record.responseBody).not.toContain(secret);
    expect(record.responseBody).toMatch(/^v1\./);
    expect(record.requestHash).not.toBe(createHash('sha256').update(text).digest('base64url'));
    const again = await post(text, k);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text);
    expect(await server.app.db.prisma.apiKey.count({ where: { name: 'idem key' } })).toBe(1);
  });

  it('replays the first response for the same key and body: same status and body, idempotent-replayed: true, one object, one event', async () => {
    const k = key();
    const first = await post(body('idem-replay'), k);
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstData = JSON.parse(first.text);
    expect(firstData.data.createOrganization).toMatchObject({
      __typename: 'CreateOrganizationPayload',
      organization: { slug: 'idem-replay' },
    });

    const counts = await dbCounts(server.app);
    const second = await post(body('idem-replay'), k);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.text).toBe(first.text);
    expect(await dbCounts(server.app)).toEqual(counts);

    const third = await post(body('idem-replay'), k);
    expect(third.text).toBe(first.text);
    expect(third.headers.get('idempotent-replayed')).toBe('true');

    expect(await orgsWithSlug('idem-replay')).toBe(1);
    const events = await createdEventsFor('idem-replay');
    expect(events).toHaveLength(1);
    expect(events[0]!.subject).toBe(firstData.data.createOrganization.organization.id);
  });

  it('without a key, the same body runs again (and the slug conflicts): the key is what makes a retry safe', async () => {
    const first = await post(body('idem-nokey'), null);
    expect(JSON.parse(first.text).data.createOrganization.__typename).toBe('CreateOrganizationPayload');
    const second = await post(body('idem-nokey'), null);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(JSON.parse(second.text).data.createOrganization).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', field: 'slug' });
    expect(await orgsWithSlug('idem-nokey')).toBe(1);
  });

  it('answers 422 for the same key with a different body, and creates nothing', async () => {
    const k = key();
    const first = await post(body('idem-mismatch-a'), k);
    expect(first.status).toBe(200);

    await expectUnchanged(server, async () => {
      for (const other of [body('idem-mismatch-b'), body('idem-mismatch-a', 'Another name')]) {
        const res = await post(other, k);
        expect(res.status).toBe(422);
        expect(res.headers.get('idempotent-replayed')).toBeNull();
        expect(JSON.parse(res.text)).toMatchObject({ errors: [{ extensions: { code: 'IDEMPOTENCY_KEY_REUSED' } }] });
      }
    });
    expect(await orgsWithSlug('idem-mismatch-b')).toBe(0);
    expect(await orgsWithSlug('idem-mismatch-a')).toBe(1);
    // the original body still replays
    const again = await post(body('idem-mismatch-a'), k);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text);
  });

  it('replays a typed error too (the first answer was final), without running the mutation again', async () => {
    const k = key();
    const bad = JSON.stringify({ query: CREATE_ORGANIZATION, variables: { input: { issuerId, name: 'x', slug: 'Not A Slug' } } });
    const first = await post(bad, k);
    expect(JSON.parse(first.text).data.createOrganization).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    const second = await post(bad, k);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.text).toBe(first.text);
  });

  it('concurrent identical requests with a new key: exactly one runs; the others get 409 or the replay', async () => {
    const k = key();
    const text = body('idem-concurrent');
    const before = await dbCounts(server.app);
    const results = await Promise.all(Array.from({ length: 6 }, () => post(text, k)));

    const executed = results.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === null);
    const replayed = results.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === 'true');
    const inProgress = results.filter((r) => r.status === 409);
    expect(executed).toHaveLength(1);
    expect(replayed.length + inProgress.length).toBe(results.length - 1);
    const original = JSON.parse(executed[0]!.text);
    expect(original.data.createOrganization).toMatchObject({
      __typename: 'CreateOrganizationPayload',
      organization: { slug: 'idem-concurrent' },
    });
    for (const r of replayed) expect(r.text).toBe(executed[0]!.text);
    for (const r of inProgress) {
      expect(JSON.parse(r.text)).toMatchObject({ errors: [{ extensions: { code: 'IDEMPOTENCY_KEY_IN_PROGRESS' } }] });
      expect(r.headers.get('retry-after')).toBe('1');
    }

    expect(await orgsWithSlug('idem-concurrent')).toBe(1);
    expect(await createdEventsFor('idem-concurrent')).toHaveLength(1);
    expect(await dbCounts(server.app)).toEqual({ ...before, organizations: before.organizations! + 1, events: before.events! + 1 });

    // once the first finished, a late duplicate is a replay
    const late = await post(text, k);
    expect(late.headers.get('idempotent-replayed')).toBe('true');
    expect(late.text).toBe(executed[0]!.text);
  });

  it.each([
    ['empty', ''],
    ['256 characters', 'k'.repeat(256)],
    ['non-ASCII', 'clé-é'],
    ['a space inside', 'two words'],
    ['a control character', 'tab\there'],
  ])('answers 400 for an unusable key (%s) and runs nothing', async (_label, badKey) => {
    await expectUnchanged(server, async () => {
      const res = await post(body('idem-badkey'), badKey);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    });
    expect(await orgsWithSlug('idem-badkey')).toBe(0);
  });

  it('accepts a key of exactly 255 visible ASCII characters', async () => {
    const k = `${key()}-`.padEnd(255, '~');
    expect(k).toHaveLength(255);
    const res = await post(body('idem-longkey'), k);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).data.createOrganization.__typename).toBe('CreateOrganizationPayload');
    const again = await post(body('idem-longkey'), k);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('a request whose mutation failed unexpectedly can be retried with the same key, and then runs', async () => {
    const k = key();
    server.faults.failEventWrite = 'organization.created';
    await expectUnchanged(server, async () => {
      const failed = await post(body('idem-retry'), k);
      const parsed = JSON.parse(failed.text);
      expect(failed.headers.get('idempotent-replayed')).toBeNull();
      expectMasked({ status: failed.status, headers: failed.headers, data: parsed.data, errors: parsed.errors }, failed.text);
      // still failing: the retry runs again (it is not a replay of the failure)
      const failedAgain = await post(body('idem-retry'), k);
      expect(failedAgain.headers.get('idempotent-replayed')).toBeNull();
      expect(JSON.parse(failedAgain.text).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    });
    server.faults.failEventWrite = null;

    const trail = (await allEvents(server.gql)).map((e) => e.id);
    const retried = await post(body('idem-retry'), k);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const data = JSON.parse(retried.text);
    expect(data.errors).toBeUndefined();
    expect(data.data.createOrganization).toMatchObject({ __typename: 'CreateOrganizationPayload', organization: { slug: 'idem-retry' } });
    expect(await orgsWithSlug('idem-retry')).toBe(1);
    const newEvents = (await allEvents(server.gql)).filter((e) => !trail.includes(e.id));
    expect(newEvents).toEqual([
      { id: expect.any(String), type: 'organization.created', subject: data.data.createOrganization.organization.id },
    ]);

    const replay = await post(body('idem-retry'), k);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(retried.text);
  });

  // Regression test (idem-internal-string), the bug was: src/app.ts releases the key instead of storing the response when
  // `out.body.includes('"INTERNAL_SERVER_ERROR"')`, which is also true of a successful response whose
  // data holds that string (here the issuer name). The retry then runs again: two issuers for one key.
  it('stores and replays a successful response even when its data contains the text "INTERNAL_SERVER_ERROR"', async () => {
    const k = key();
    const text = JSON.stringify({
      query:
        'mutation IdemOddName($name: String!) { createIssuer(input: { name: $name }) { __typename ... on CreateIssuerPayload { issuer { id name } } } }',
      variables: { name: 'INTERNAL_SERVER_ERROR' },
    });
    const first = await post(text, k);
    expect(JSON.parse(first.text).data.createIssuer.__typename).toBe('CreateIssuerPayload');
    const second = await post(text, k);
    expect(await server.app.db.prisma.issuer.count({ where: { name: 'INTERNAL_SERVER_ERROR' } })).toBe(1);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.text).toBe(first.text);
  });

  // Regression test (idem-partial-retry), the bug was: a document with two mutation fields where the first commits and the
  // second fails unexpectedly is released (src/app.ts, same check as above), so the retry with the same
  // key runs the first mutation again: the committed side effect is duplicated.
  it('a retry after a partly failed document does not repeat the part that committed', async () => {
    const k = key();
    const text = JSON.stringify({
      query: `mutation IdemPartial($org: CreateOrganizationInput!) {
        a: createIssuer(input: { name: "idem-partial-issuer" }) { __typename }
        b: createOrganization(input: $org) { __typename }
      }`,
      variables: { org: { issuerId, name: 'Idem Partial', slug: 'idem-partial' } },
    });
    server.faults.failEventWrite = 'organization.created';
    const first = JSON.parse((await post(text, k)).text);
    // b's masked error nulls the whole (non-null) data, but a's issuer was committed
    expect(first.data).toBeNull();
    expect(first.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(await server.app.db.prisma.issuer.count({ where: { name: 'idem-partial-issuer' } })).toBe(1);
    server.faults.failEventWrite = null;

    await post(text, k);
    expect(await server.app.db.prisma.issuer.count({ where: { name: 'idem-partial-issuer' } })).toBe(1);
  });

  // Regression test (idem-replay-content-type), the bug was: the replay is sent as application/json while the original was
  // application/graphql-response+json (src/app.ts writes a fixed content-type for replays).
  it('a replay carries the content-type of the original response', async () => {
    const k = key();
    const first = await post(body('idem-content-type'), k);
    const second = await post(body('idem-content-type'), k);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
  });

  it('a replay of createInvitation returns the same response (the same token) and creates one invitation', async () => {
    const org = JSON.parse((await post(body('idem-invite-org'), null)).text).data.createOrganization.organization;
    const k = key();
    const text = JSON.stringify({
      query: CREATE_INVITATION,
      variables: { input: { organizationId: org.id, email: 'once@example.com', scopes: ['a:b'] } },
    });
    const first = await post(text, k);
    const second = await post(text, k);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.text).toBe(first.text);
    expect(await server.app.db.prisma.invitation.count({ where: { organizationId: org.id } })).toBe(1);
  });

  it('a key whose stored record expired runs as a new request', async () => {
    const k = key();
    const first = await post(body('idem-expired-a'), k);
    expect(first.status).toBe(200);
    await server.app.db.prisma.idempotencyRecord.updateMany({ where: { key: k }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const other = await post(body('idem-expired-b'), k);
    expect(other.status).toBe(200);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(JSON.parse(other.text).data.createOrganization).toMatchObject({ organization: { slug: 'idem-expired-b' } });
  });
});
