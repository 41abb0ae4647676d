/**
 * Issue 14: type tests for @authgraph/sdk's inputs and results (checked by `npm run typecheck`,
 * which compiles test/; vitest runs them as no-ops). `@ts-expect-error` lines fail the
 * typecheck if the SDK ever accepts them.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  AuthgraphAdmin,
  type AuthgraphError,
  type RateLimitedError,
  type ValidationError,
  verifyAccessToken,
  webhooks,
  type CloudEvent,
  type CreatedApiKey,
  type Issuer,
  type List,
  type Membership,
  type Organization,
  type Page,
  type VerifiedSession,
  type Whoami,
} from '@authgraph/sdk';

// a client that is never asked anything: only its types are looked at
const admin = new AuthgraphAdmin({ apiKey: 'agk_unused', baseUrl: 'http://127.0.0.1:9' });

describe('types', () => {
  it('inputs: the ids the path names are not part of the input; enums are string unions', () => {
    type OrgCreate = Parameters<ReturnType<AuthgraphAdmin['issuer']>['organizations']['create']>[0];
    expectTypeOf<OrgCreate>().toHaveProperty('name').toEqualTypeOf<string>();
    expectTypeOf<OrgCreate>().not.toHaveProperty('issuerId');
    type KeyCreate = Parameters<ReturnType<ReturnType<AuthgraphAdmin['issuer']>['organization']>['apiKeys']['create']>[0];
    expectTypeOf<KeyCreate['scopes']>().toEqualTypeOf<string[]>();
    type ClientCreate = Parameters<ReturnType<AuthgraphAdmin['issuer']>['clients']['create']>[0];
    expectTypeOf<NonNullable<ClientCreate['grantTypes']>[number]>().toEqualTypeOf<
      'AUTHORIZATION_CODE' | 'CLIENT_CREDENTIALS' | 'REFRESH_TOKEN'
    >();
    if (Math.random() > 2) {
      // @ts-expect-error name is required
      void admin.issuers.create({});
      // @ts-expect-error organization keys need scopes
      void admin.issuer('i').organization('o').apiKeys.create({ name: 'k' });
      // @ts-expect-error not a grant type
      void admin.issuer('i').clients.create({ name: 'c', grantTypes: ['PASSWORD'] });
    }
  });

  it('results: typed records, lists and pages', () => {
    expectTypeOf(admin.issuers.create).returns.resolves.toEqualTypeOf<Issuer>();
    expectTypeOf<Issuer['id']>().toEqualTypeOf<string>();
    expectTypeOf<Organization['status']>().toEqualTypeOf<'ACTIVE' | 'SUSPENDED'>();
    expectTypeOf(admin.issuer('i').organizations.list()).toEqualTypeOf<List<Organization>>();
    expectTypeOf(admin.issuer('i').organization('o').members.list()).toMatchTypeOf<AsyncIterable<Membership>>();
    expectTypeOf(admin.issuer('i').organization('o').members.list().page).returns.resolves.toEqualTypeOf<Page<Membership>>();
    expectTypeOf<CreatedApiKey['token']>().toEqualTypeOf<string>();
    expectTypeOf<CreatedApiKey['status']>().toEqualTypeOf<'ACTIVE' | 'EXPIRED' | 'REVOKED'>();
    expectTypeOf(admin.whoami).returns.resolves.toEqualTypeOf<Whoami>();
    expectTypeOf(verifyAccessToken).returns.resolves.toEqualTypeOf<VerifiedSession | null>();
    expectTypeOf<VerifiedSession['type']>().toEqualTypeOf<'user' | 'client' | 'agent'>();
    expectTypeOf<VerifiedSession['orgId']>().toEqualTypeOf<string | null>();
    expectTypeOf(() => webhooks.verify('{}', {}, 'whsec_')).returns.toEqualTypeOf<CloudEvent>();
    expectTypeOf(() => webhooks.verify<{ id: string }>('{}', {}, 'whsec_').data).returns.toEqualTypeOf<{ id: string }>();
  });

  it('errors: subclasses carry their own fields', () => {
    expectTypeOf<ValidationError['fields']>().toEqualTypeOf<{ path: string; message: string }[]>();
    expectTypeOf<RateLimitedError['retryAfter']>().toEqualTypeOf<number | null>();
    expectTypeOf<AuthgraphError['requestId']>().toEqualTypeOf<string | null>();
    expectTypeOf<RateLimitedError>().toMatchTypeOf<AuthgraphError>();
  });
});
