/**
 * Issue 9 acceptance: attenuation as properties (fast-check), KERNEL-SPEC "Attenuation". For
 * random creator grants (scopes from a small universe of management and data scopes, IP
 * allowlists, expiries, rate limits) and random requests, a request is accepted iff it is within
 * the creator's grant, and what is stored (read back through the graph) never exceeds it.
 *
 * Where the spec does not say which credential kinds may call a mutation at all (createPersonalToken,
 * createAgent, createAgentVerifier, createMembership of someone outside the organization), the
 * property is one-way: accepted ⇒ within the grant and stored within it; outside the grant ⇒
 * refused. Everywhere else it is "accepted iff within".
 *
 * One server for the file; each property runs a bounded number of times and stops at the first
 * counterexample without shrinking (each run is several real requests); fast-check prints the
 * seed and the counterexample.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';
import { ask } from './helpers/state.js';
import { mutateAs, type MutationOutcome } from './helpers/forbidden.js';
import { MANAGEMENT_SCOPES, adminMutate, createWebClient, exchangeToken, seedDelegation, userAccessToken } from './helpers/tenants.js';

const UNIVERSE = [...MANAGEMENT_SCOPES, 'invoices:read', 'invoices:write', 'reports:read'];
/** AUTHGRAPH_PROPERTY_RUNS raises the number of runs (e.g. 200 for a long local hunt) */
const extraRuns = Number(process.env.AUTHGRAPH_PROPERTY_RUNS ?? 0);
const RUNS = { numRuns: Math.max(25, extraRuns), endOnFailure: true } as const;
/** properties that make a user, a membership and a token or an agent per run (≈ 0.5 s each on a busy PGlite) */
const HEAVY_RUNS = { numRuns: Math.max(15, extraRuns), endOnFailure: true } as const;

let server: TestServer;
let issuerId: string;
let orgId: string;
let web: { id: string; secret: string };
let counter = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
const admin = () => basic(server.keyId, server.keySecret);

const subset = (a: readonly string[], b: readonly string[]) => a.every((s) => b.includes(s));
const accepted = (o: MutationOutcome) => o.typename.endsWith('Payload');
const describeOutcome = (o: MutationOutcome) =>
  `${o.typename} ${o.code ?? ''} ${o.field ?? ''} ${o.message ?? ''} ${o.errors ? JSON.stringify(o.errors).slice(0, 200) : ''}`;

/** an arbitrary subset of the universe (in universe order), optionally never empty */
const scopesArb = (minLength = 0) => fc.subarray(UNIVERSE, { minLength });

const HOUR = 3600_000;
/** a creator's IP allowlist (always usable from 127.0.0.1, where the tests run) */
const creatorAllowlist = fc.constantFrom<string[] | null>(null, ['127.0.0.1/32'], ['127.0.0.0/8']);
const requestAllowlist = fc.constantFrom<string[] | undefined>(undefined, ['127.0.0.1/32'], ['127.0.0.0/8'], ['10.0.0.0/8'], ['0.0.0.0/0']);
/** CIDR containment for the few ranges used here */
const inside = (inner: string, outer: string) =>
  outer === '0.0.0.0/0' || inner === outer || (outer === '127.0.0.0/8' && inner === '127.0.0.1/32');
const creatorExpiryHours = fc.constantFrom<number | null>(null, 24, 48);
const requestExpiryHours = fc.constantFrom<number | undefined>(undefined, 12, 36, 72);
const creatorRate = fc.constantFrom(100, 1000);
const requestRate = fc.constantFrom<number | undefined>(undefined, 50, 100, 5000);

async function orgKey(
  scopes: string[],
  restrictions: { ipAllowlist?: string[] | null; expiresAt?: string | null; rateLimit?: number } = {},
) {
  const input: Record<string, unknown> = { organizationId: orgId, name: unique('creator'), scopes };
  if (restrictions.ipAllowlist) input.ipAllowlist = restrictions.ipAllowlist;
  if (restrictions.expiresAt) input.expiresAt = restrictions.expiresAt;
  if (restrictions.rateLimit) Object.assign(input, { rateLimit: restrictions.rateLimit, rateLimitWindowSeconds: 60 });
  const p = await adminMutate(server, 'createApiKey', 'CreateApiKeyInput', input, 'secret apiKey { id }');
  return { id: p.apiKey.id as string, authorization: basic(p.apiKey.id, p.secret) };
}
async function newUser() {
  const email = `${unique('p')}@example.com`;
  return (await adminMutate(server, 'createUser', 'CreateUserInput', { issuerId, username: email, email }, 'user { id }')).user
    .id as string;
}
async function membership(memberId: string, scopes: string[], organizationId = orgId) {
  return (await adminMutate(server, 'createMembership', 'CreateMembershipInput', { organizationId, memberId, scopes }, 'membership { id }'))
    .membership.id as string;
}
async function personalToken(userId: string, scopes: string[], expiresAt?: string) {
  const p = await adminMutate(
    server,
    'createPersonalToken',
    'CreatePersonalTokenInput',
    { userId, organizationId: orgId, name: unique('pat'), scopes, ...(expiresAt ? { expiresAt } : {}) },
    'token personalToken { id }',
  );
  return { id: p.personalToken.id as string, authorization: `Bearer ${p.token as string}` };
}
async function readNode(id: string, selection: string) {
  return (await ask(server.gql, `query PropNode($id: ID!) { node(id: $id) { ${selection} } }`, { id })).node;
}

/** A creator that holds `scopes` in the organization: an org key, or a member's personal token. */
async function creator(kind: 'org key' | 'personal token', scopes: string[]) {
  if (kind === 'org key') return { kind, ...(await orgKey(scopes)) };
  const userId = await newUser();
  await membership(userId, scopes);
  return { kind, ...(await personalToken(userId, scopes)) };
}

beforeAll(async () => {
  server = await startServer();
  issuerId = (await adminMutate(server, 'createIssuer', 'CreateIssuerInput', { name: unique('Attenuation') }, 'issuer { id }')).issuer.id;
  orgId = (
    await adminMutate(server, 'createOrganization', 'CreateOrganizationInput', { issuerId, name: unique('Org') }, 'organization { id }')
  ).organization.id;
  web = await createWebClient(server, issuerId, ['openid', 'profile', ...UNIVERSE]);
});
afterAll(async () => {
  await server?.stop();
});

describe('attenuation properties', () => {
  it('createApiKey: accepted iff scopes ⊆ held, allowlist within, expiry ≤ and rate ≤ the creator’s; the stored key is never less restricted', async () => {
    await fc.assert(
      fc.asyncProperty(
        scopesArb(),
        creatorAllowlist,
        creatorExpiryHours,
        creatorRate,
        scopesArb(1),
        requestAllowlist,
        requestExpiryHours,
        requestRate,
        async (extra, cAllow, cExpiryH, cRate, rScopes, rAllow, rExpiryH, rRate) => {
          const now = Date.now();
          const held = [...new Set(['api-keys:write', ...extra])];
          const cExpiry = cExpiryH === null ? null : new Date(now + cExpiryH * HOUR).toISOString();
          const parent = await orgKey(held, { ipAllowlist: cAllow, expiresAt: cExpiry, rateLimit: cRate });
          const input: Record<string, unknown> = { organizationId: orgId, name: unique('child'), scopes: rScopes };
          if (rAllow) input.ipAllowlist = rAllow;
          if (rExpiryH !== undefined) input.expiresAt = new Date(now + rExpiryH * HOUR).toISOString();
          if (rRate !== undefined) Object.assign(input, { rateLimit: rRate, rateLimitWindowSeconds: 60 });
          const within =
            subset(rScopes, held) &&
            (!cAllow || !rAllow || rAllow.every((r) => cAllow.some((c) => inside(r, c)))) &&
            (cExpiryH === null || rExpiryH === undefined || rExpiryH <= cExpiryH) &&
            (rRate === undefined || rRate <= cRate);
          const outcome = await mutateAs(server, parent.authorization, 'createApiKey', 'CreateApiKeyInput', input, 'apiKey { id }');
          expect(
            accepted(outcome),
            `${within ? 'within the grant but refused' : 'outside the grant but accepted'}: ${describeOutcome(outcome)}`,
          ).toBe(within);
          if (!within) {
            expect([outcome.typename, outcome.code]).toEqual(['ForbiddenError', 'FORBIDDEN']);
            return;
          }
          const stored = await readNode(
            outcome.result.apiKey.id,
            '... on ApiKey { scopes ipAllowlist expiresAt rateLimit { limit windowSeconds } }',
          );
          expect(subset(stored.scopes, held), `stored scopes ${stored.scopes} ⊄ ${held}`).toBe(true);
          if (cAllow)
            expect(
              stored.ipAllowlist.length > 0 && stored.ipAllowlist.every((r: string) => cAllow.some((c) => inside(r, c))),
              `stored allowlist ${stored.ipAllowlist} not within ${cAllow}`,
            ).toBe(true);
          if (cExpiry)
            expect(
              stored.expiresAt !== null && new Date(stored.expiresAt).getTime() <= new Date(cExpiry).getTime(),
              `stored expiry ${stored.expiresAt} after ${cExpiry}`,
            ).toBe(true);
          expect(
            stored.rateLimit.limit / stored.rateLimit.windowSeconds,
            `stored rate ${JSON.stringify(stored.rateLimit)} above ${cRate}/60`,
          ).toBeLessThanOrEqual(cRate / 60);
        },
      ),
      RUNS,
    );
  }, 120_000);

  it('updateMembership: accepted iff the member’s current scopes and the new scopes are both ⊆ held (org key or personal token)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('org key' as const, 'personal token' as const),
        scopesArb(),
        scopesArb(1),
        scopesArb(1),
        async (kind, extra, current, next) => {
          const held = [...new Set(['members:write', ...extra])];
          const holder = await creator(kind, held);
          const targetId = await membership(await newUser(), current);
          const within = subset(current, held) && subset(next, held);
          const outcome = await mutateAs(
            server,
            holder.authorization,
            'updateMembership',
            'UpdateMembershipInput',
            { id: targetId, scopes: next },
            'membership { id scopes }',
          );
          expect(
            accepted(outcome),
            `${kind}: ${within ? 'within the grant but refused' : 'outside the grant but accepted'}: ${describeOutcome(outcome)}`,
          ).toBe(within);
          const stored = await readNode(targetId, '... on Membership { scopes }');
          if (within) expect(stored.scopes).toEqual(next);
          else {
            expect([outcome.typename, outcome.code]).toEqual(['ForbiddenError', 'FORBIDDEN']);
            expect(stored.scopes).toEqual(current);
          }
        },
      ),
      RUNS,
    );
  }, 120_000);

  it('createInvitation: accepted iff the invitation’s scopes ⊆ held; the stored invitation carries no more', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('org key' as const, 'personal token' as const),
        scopesArb(),
        scopesArb(1),
        async (kind, extra, requested) => {
          const held = [...new Set(['invitations:write', ...extra])];
          const holder = await creator(kind, held);
          const within = subset(requested, held);
          const outcome = await mutateAs(
            server,
            holder.authorization,
            'createInvitation',
            'CreateInvitationInput',
            { organizationId: orgId, email: `${unique('inv')}@example.com`, scopes: requested },
            'invitation { id scopes }',
          );
          expect(
            accepted(outcome),
            `${kind}: ${within ? 'within the grant but refused' : 'outside the grant but accepted'}: ${describeOutcome(outcome)}`,
          ).toBe(within);
          if (!within) return void expect([outcome.typename, outcome.code]).toEqual(['ForbiddenError', 'FORBIDDEN']);
          const stored = await readNode(outcome.result.invitation.id, '... on Invitation { scopes }');
          expect(subset(stored.scopes, held)).toBe(true);
        },
      ),
      RUNS,
    );
  }, 120_000);

  it('createMembership: scopes outside the holder’s grant are refused; what is accepted is stored within it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('org key' as const, 'personal token' as const),
        scopesArb(),
        scopesArb(1),
        async (kind, extra, requested) => {
          const held = [...new Set(['members:write', ...extra])];
          const holder = await creator(kind, held);
          const outcome = await mutateAs(
            server,
            holder.authorization,
            'createMembership',
            'CreateMembershipInput',
            { organizationId: orgId, memberId: await newUser(), scopes: requested },
            'membership { id scopes }',
          );
          if (!subset(requested, held))
            expect(accepted(outcome), `outside the grant but accepted: ${describeOutcome(outcome)}`).toBe(false);
          if (accepted(outcome))
            expect(subset((await readNode(outcome.result.membership.id, '... on Membership { scopes }')).scopes, held)).toBe(true);
        },
      ),
      RUNS,
    );
  }, 120_000);

  it('createPersonalToken: accepted only within held ∩ the user’s membership, expiry ≤ the holder’s; an account key is refused only outside the membership', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('account key' as const, 'org key' as const, 'personal token' as const),
        scopesArb(),
        scopesArb(1),
        scopesArb(1),
        creatorExpiryHours,
        requestExpiryHours,
        async (kind, heldScopes, membershipScopes, requested, cExpiryH, rExpiryH) => {
          const now = Date.now();
          const userId = await newUser();
          await membership(userId, membershipScopes);
          let holder: { authorization: string };
          let held: string[] = UNIVERSE;
          const cExpiry = cExpiryH === null ? null : new Date(now + cExpiryH * HOUR).toISOString();
          if (kind === 'account key') holder = { authorization: admin() };
          else if (kind === 'org key')
            holder = await orgKey((held = [...new Set(['members:write', ...heldScopes])]), { expiresAt: cExpiry });
          else {
            held = membershipScopes.filter((s) => heldScopes.includes(s));
            if (!held.length) held = [membershipScopes[0]!];
            holder = await personalToken(userId, held, cExpiry ?? undefined);
          }
          const input: Record<string, unknown> = { userId, organizationId: orgId, name: unique('pt'), scopes: requested };
          if (rExpiryH !== undefined) input.expiresAt = new Date(now + rExpiryH * HOUR).toISOString();
          const holderExpiry = kind === 'account key' ? null : cExpiry;
          const within =
            subset(requested, held) &&
            subset(requested, membershipScopes) &&
            (holderExpiry === null || rExpiryH === undefined || rExpiryH <= cExpiryH!);
          const outcome = await mutateAs(
            server,
            holder.authorization,
            'createPersonalToken',
            'CreatePersonalTokenInput',
            input,
            'personalToken { id }',
          );
          if (kind === 'account key')
            expect(accepted(outcome), `account key: ${describeOutcome(outcome)}`).toBe(subset(requested, membershipScopes));
          if (!within) expect(accepted(outcome), `${kind}: outside the grant but accepted: ${describeOutcome(outcome)}`).toBe(false);
          if (!accepted(outcome)) return;
          const stored = await readNode(outcome.result.personalToken.id, '... on PersonalToken { scopes expiresAt }');
          expect(subset(stored.scopes, held) && subset(stored.scopes, membershipScopes), `stored ${stored.scopes}`).toBe(true);
          if (holderExpiry)
            expect(
              stored.expiresAt !== null && new Date(stored.expiresAt).getTime() <= new Date(holderExpiry).getTime(),
              `stored expiry ${stored.expiresAt} after ${holderExpiry}`,
            ).toBe(true);
        },
      ),
      HEAVY_RUNS,
    );
  }, 120_000);

  it('createAgent and createAgentVerifier: an agent never holds more than its creator; a verifier needs every scope of the agent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('org key' as const, 'personal token' as const),
        scopesArb(),
        scopesArb(1),
        scopesArb(1),
        async (kind, extra, requested, agentScopes) => {
          const held = [...new Set(['members:write', ...extra])];
          const holder = await creator(kind, held);
          const created = await mutateAs(
            server,
            holder.authorization,
            'createAgent',
            'CreateAgentInput',
            { issuerId, name: unique('agent'), scopes: requested },
            'agent { id scopes }',
          );
          if (!subset(requested, held))
            expect(accepted(created), `createAgent outside the grant but accepted: ${describeOutcome(created)}`).toBe(false);
          if (accepted(created))
            expect(subset((await readNode(created.result.agent.id, '... on Agent { scopes }')).scopes, held)).toBe(true);

          const agentId = (
            await adminMutate(
              server,
              'createAgent',
              'CreateAgentInput',
              { issuerId, name: unique('agent'), scopes: agentScopes },
              'agent { id }',
            )
          ).agent.id as string;
          await membership(agentId, agentScopes);
          const verifier = await mutateAs(
            server,
            holder.authorization,
            'createAgentVerifier',
            'CreateAgentVerifierInput',
            { agentId, type: 'SECRET' },
            'secret',
          );
          if (!subset(agentScopes, held))
            expect(accepted(verifier), `createAgentVerifier for an agent holding ${agentScopes} by a holder of ${held} accepted`).toBe(
              false,
            );
        },
      ),
      HEAVY_RUNS,
    );
  }, 120_000);

  it('token exchange: accepted iff scopes ⊆ subject ∩ agent ∩ both memberships; never longer than the subject token or 300 s', async () => {
    await fc.assert(
      fc.asyncProperty(
        scopesArb(1),
        scopesArb(1),
        scopesArb(1),
        fc.option(scopesArb(1), { nil: undefined }),
        async (userScopes, agentOwn, agentMember, requested) => {
          const userId = await newUser();
          await membership(userId, userScopes);
          const subject = await userAccessToken(server, issuerId, web, userId, 'openid');
          const subjectClaims = decodeJwt(subject.accessToken);
          const subjectScopes = String(subjectClaims.scope ?? '')
            .split(' ')
            .filter((s) => s.includes(':'));
          const agentId = (
            await adminMutate(
              server,
              'createAgent',
              'CreateAgentInput',
              { issuerId, name: unique('agent'), scopes: agentOwn },
              'agent { id }',
            )
          ).agent.id as string;
          const secret = (
            await adminMutate(server, 'createAgentVerifier', 'CreateAgentVerifierInput', { agentId, type: 'SECRET' }, 'secret')
          ).secret as string;
          await membership(agentId, agentMember);
          // the user's delegation covers every scope: the rule under test is the intersection
          await seedDelegation(server, issuerId, userId, agentId);
          const allowed = subjectScopes.filter((s) => userScopes.includes(s) && agentOwn.includes(s) && agentMember.includes(s));
          const answer = await exchangeToken(
            server,
            issuerId,
            { id: agentId, secret },
            subject.accessToken,
            requested ? { scope: requested.join(' ') } : {},
          );
          const within = requested === undefined || subset(requested, allowed);
          expect(answer.status === 200, `requested ${requested ?? '(none)'} of ${allowed}: ${JSON.stringify(answer.json)}`).toBe(within);
          if (!within) return void expect(answer.json.error).toBe('invalid_scope');
          const claims = decodeJwt(answer.json.access_token as string);
          const granted = String(claims.scope ?? '')
            .split(' ')
            .filter(Boolean);
          expect(subset(granted, allowed), `granted ${granted} ⊄ ${allowed}`).toBe(true);
          if (requested) expect(subset(granted, requested)).toBe(true);
          expect(claims.exp!).toBeLessThanOrEqual(subjectClaims.exp!);
          expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(300);
        },
      ),
      HEAVY_RUNS,
    );
  }, 120_000);
});
