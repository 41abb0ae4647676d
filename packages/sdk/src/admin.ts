/**
 * `AuthgraphAdmin`: the typed client of the Core API (GraphQL) and `/v1/me`.
 *
 * ```ts
 * const admin = new AuthgraphAdmin({ apiKey: process.env.AUTHGRAPH_API_KEY! }); // agk_… or { id, secret }
 * const issuer = await admin.issuers.create({ name: 'acme-prod' });
 * const org = await admin.issuer(issuer.id).organizations.create({ name: 'Globex Corp' });
 * for await (const member of admin.issuer(issuer.id).organization(org.id).members.list()) console.log(member.id);
 * ```
 *
 * Every method returns plain objects typed from `schema.graphql`; every failure throws an
 * AuthgraphError subclass (see ./errors.ts); every mutation carries an Idempotency-Key reused
 * across its retries; every `list()` is a {@link List} (auto-pagination with `for await`,
 * `.page({ first, after })` for one page).
 * @module
 */
import * as D from './documents.js';
import type * as G from './gql/graphql.js';
import { fromErrorMember, NotFoundError, fromCode, type GraphQLErrorMember } from './errors.js';
import { List, pageOf, type Page } from './pagination.js';
import { Transport, parseRetryAfter, type ApiKey, type AppInfo, type RequestOptions } from './transport.js';
import { verifyAccessToken, type VerifiedSession, type VerifyAccessTokenOptions } from './verify.js';
import { subscribeEvents, type AuthgraphEvent, type EventSubscription, type SubscribeOptions, type SubscribeParams } from './events.js';
import { verifyWebhook } from './webhooks.js';

export type Issuer = G.IssuerFieldsFragment;
export type Client = G.ClientFieldsFragment;
export type Organization = G.OrganizationFieldsFragment;
export type User = G.UserFieldsFragment;
export type Agent = G.AgentFieldsFragment;
export type AgentWithVerifiers = Agent & { verifiers: AgentVerifier[] };
export type AgentVerifier = G.AgentVerifierFieldsFragment;
export type Membership = G.MembershipFieldsFragment;
export type ApiKeyRecord = G.ApiKeyFieldsFragment;
export type Invitation = G.InvitationFieldsFragment;
export type Session = G.SessionFieldsFragment;
export type WebhookEndpoint = G.WebhookEndpointFieldsFragment;
export type { AuthgraphEvent };

/** Inputs, as in schema.graphql, without the ids the path already names. */
export type CreateIssuerInput = G.CreateIssuerInput;
export type UpdateIssuerInput = Omit<G.UpdateIssuerInput, 'id'>;
export type CreateClientInput = Omit<G.CreateClientInput, 'issuerId'>;
export type CreateResourceInput = Omit<G.CreateResourceInput, 'issuerId'>;
/** What `clients.update` may change: redirect and post-logout URIs, allowed origins, scopes, grant types, lifetimes, ID-token alg, name, metadata. */
export type UpdateClientInput = Omit<G.UpdateClientInput, 'id'>;
export type CreateOrganizationInput = Omit<G.CreateOrganizationInput, 'issuerId'>;
export type UpdateOrganizationInput = Omit<G.UpdateOrganizationInput, 'id'>;
export type CreateUserInput = Omit<G.CreateUserInput, 'issuerId'>;
export type UpdateUserInput = Omit<G.UpdateUserInput, 'id'>;
export type CreateAgentInput = Omit<G.CreateAgentInput, 'issuerId'>;
export type UpdateAgentInput = Omit<G.UpdateAgentInput, 'id'>;
export type CreateAgentVerifierInput = Omit<G.CreateAgentVerifierInput, 'agentId'>;
export type CreateMembershipInput = Omit<G.CreateMembershipInput, 'organizationId'>;
export type UpdateMembershipInput = Omit<G.UpdateMembershipInput, 'id'>;
export type CreateOrganizationApiKeyInput = Omit<G.CreateApiKeyInput, 'organizationId'> & { scopes: string[] };
export type CreateAccountApiKeyInput = Omit<G.CreateApiKeyInput, 'organizationId' | 'scopes'>;
export type CreateInvitationInput = Omit<G.CreateInvitationInput, 'organizationId'>;
export type CreateWebhookEndpointInput = G.CreateWebhookEndpointInput;
export type UpdateWebhookEndpointInput = Omit<G.UpdateWebhookEndpointInput, 'id'>;

/** A newly created client: the record and its secret (null for public and private_key_jwt clients), shown only here. */
export type CreatedClient = Client & { secret: string | null };
/** A newly created API key: the record, its secret (for Basic `id:secret`) and its `agk_…` token, shown only here. */
export type CreatedApiKey = ApiKeyRecord & { secret: string; token: string };
/** A newly created invitation and its token, shown only here. */
export type CreatedInvitation = Invitation & { token: string };
/** A newly created verifier and, for SECRET verifiers, the secret (shown only here). */
export type CreatedAgentVerifier = AgentVerifier & { secret: string | null };
/** A newly created webhook endpoint and its `whsec_…` signing secret (shown only here). */
export type CreatedWebhookEndpoint = WebhookEndpoint & { secret: string };

/** `GET /v1/me`: what the credential is and what it may do. */
export interface Whoami {
  /** `api_key`, `personal_token` or `access_token` */
  type: string;
  id: string;
  key_type: string | null;
  account_id: string;
  issuer_id: string | null;
  subject: string | null;
  client_id: string | null;
  scopes: string[];
  /** seconds since the epoch, null when the credential does not expire */
  expires_at: number | null;
  organizations: { org_id: string; status: string; membership_status: string | null; scopes: string[] }[];
}

/** `admin.events.list` parameters. */
export interface ListEventsParams {
  /** page size (1–100, default 20): `await list` gives `limit` events, `for await` walks them all in pages of `limit` */
  limit?: number;
  /** exact types or prefixes (`session.*`) */
  types?: string[];
  issuerId?: string;
  organizationId?: string;
  subject?: string;
  /** ISO time, inclusive */
  since?: string;
  /** ISO time, exclusive */
  until?: string;
  /** a cursor from a previous page */
  after?: string;
}

export interface AuthgraphAdminOptions {
  /**
   * The credential: `{ id: 'key_…', secret }` (HTTP Basic), or one bearer string (`agk_…`, `agp_…`,
   * an access token). Default: AUTHGRAPH_API_KEY, else AUTHGRAPH_KEY_ID + AUTHGRAPH_KEY_SECRET from the environment.
   */
  apiKey?: ApiKey;
  /** default: AUTHGRAPH_URL from the environment, else `http://127.0.0.1:4000` */
  baseUrl?: string;
  /** a fetch implementation (tracing, proxies, tests); default globalThis.fetch */
  fetch?: typeof fetch;
  /** per attempt, in ms (default 30 000) */
  timeoutMs?: number;
  /** retries of network errors, timeouts, 429 and 503 (default 2) */
  maxRetries?: number;
  /** added to the User-Agent: `authgraph-sdk/<version> (<appInfo>)` */
  appInfo?: AppInfo | string;
  /** extra headers on every request */
  headers?: Record<string, string>;
}

type Env = Record<string, string | undefined>;
const env = (): Env => (globalThis as { process?: { env?: Env } }).process?.env ?? {};

function defaultApiKey(): ApiKey {
  const e = env();
  if (e.AUTHGRAPH_API_KEY) return e.AUTHGRAPH_API_KEY;
  if (e.AUTHGRAPH_KEY_ID && e.AUTHGRAPH_KEY_SECRET) return { id: e.AUTHGRAPH_KEY_ID, secret: e.AUTHGRAPH_KEY_SECRET };
  throw new TypeError(
    'AuthgraphAdmin needs an apiKey: pass { apiKey } or set AUTHGRAPH_API_KEY (or AUTHGRAPH_KEY_ID and AUTHGRAPH_KEY_SECRET).',
  );
}

/** A result union member that is an error (its __typename ends in Error). */
function isErrorMember(value: { __typename: string }): value is { __typename: string } & GraphQLErrorMember {
  return value.__typename.endsWith('Error');
}

/** The typed document string and its result/variables types. */
type Doc<R, V> = G.TypedDocumentString<R, V>;

/** The internals every resource uses. */
class Core {
  constructor(readonly transport: Transport) {}

  /** Runs a query; returns its data (request-level failures throw). */
  async query<R, V>(doc: Doc<R, V>, variables: V, options?: RequestOptions): Promise<{ data: R; requestId: string | null }> {
    const answer = await this.transport.graphql<R>(doc.toString(), variables as Record<string, unknown>, options);
    return { data: answer.data as R, requestId: answer.requestId };
  }

  /**
   * Runs a single-field mutation and unwraps its result union: returns the payload member, or
   * throws the AuthgraphError of the error member. The Idempotency-Key is set here.
   */
  async mutate<R, V, K extends keyof R>(
    doc: Doc<R, V>,
    variables: V,
    field: K,
    options?: RequestOptions,
  ): Promise<Exclude<R[K], { code: unknown }>> {
    const answer = await this.transport.graphql<R>(doc.toString(), variables as Record<string, unknown>, { ...options, mutation: true });
    const result = (answer.data as R)[field] as { __typename: string } | null;
    if (!result)
      throw fromCode(
        answer.errors?.[0]?.extensions?.code ?? 'GRAPHQL_ERROR',
        answer.errors?.[0]?.message ?? 'no result',
        answer.status,
        answer.requestId,
      );
    if (isErrorMember(result)) throw fromErrorMember(result, answer.status, answer.requestId);
    return result as Exclude<R[K], { code: unknown }>;
  }

  /** The value, or NotFoundError when the server answered null (missing or not visible). */
  found<T>(value: T | null | undefined, kind: string, id: string, requestId: string | null): T {
    if (value === null || value === undefined)
      throw new NotFoundError(`${kind} ${id} was not found.`, { code: 'NOT_FOUND', status: 200, requestId, resourceId: id });
    return value;
  }

  /** A node of the expected type, or NotFoundError. */
  node<N extends { __typename: string }, T extends string>(
    node: N | null | undefined,
    typename: T,
    id: string,
    requestId: string | null,
  ): Extract<N, { __typename: T }> {
    if (!node || node.__typename !== typename)
      throw new NotFoundError(`${typename} ${id} was not found.`, { code: 'NOT_FOUND', status: 200, requestId, resourceId: id });
    return node as Extract<N, { __typename: T }>;
  }
}

const strip = <T extends { __typename?: string }>(value: T): Omit<T, '__typename'> => {
  const { __typename: _, ...rest } = value;
  return rest;
};

/** `admin.issuers` */
export class Issuers {
  constructor(private readonly core: Core) {}

  /** Creates an issuer (an OIDC authority with its own users, organizations, clients and agents). Throws ValidationError. */
  async create(input: CreateIssuerInput, options?: RequestOptions): Promise<Issuer> {
    return (await this.core.mutate(D.CreateIssuer, { input }, 'createIssuer', options)).issuer;
  }

  /** One issuer; NotFoundError when it does not exist or the credential may not see it. */
  async get(id: string, options?: RequestOptions): Promise<Issuer> {
    const { data, requestId } = await this.core.query(D.GetIssuer, { id }, options);
    return this.core.found(data.issuer, 'Issuer', id, requestId);
  }

  /** Every issuer of the account, oldest first. */
  list(params: { pageSize?: number } = {}): List<Issuer> {
    return new List(async ({ first, after }) => pageOf((await this.core.query(D.ListIssuers, { first, after })).data.issuers), params);
  }

  /** Changes an issuer's settings. */
  async update(id: string, input: UpdateIssuerInput, options?: RequestOptions): Promise<Issuer> {
    return (await this.core.mutate(D.UpdateIssuer, { input: { ...input, id } }, 'updateIssuer', options)).issuer;
  }

  /**
   * Rotates the issuer's signing keys: the new `kid` is published in JWKS at once and signs from
   * `activatesAt` (at least one JWKS cache lifetime later); the previous keys verify until
   * `previousVerifyUntil`.
   */
  async rotateSigningKeys(
    id: string,
    options?: RequestOptions,
  ): Promise<{ kid: string; activatesAt: string; previousKids: string[]; previousVerifyUntil: string }> {
    return strip(await this.core.mutate(D.RotateSigningKeys, { input: { issuerId: id } }, 'rotateSigningKeys', options));
  }
}

/** `admin.issuer(id).resources`: the APIs (and MCP servers) tokens are minted for (RFC 8707). */
export class Resources {
  constructor(
    private readonly core: Core,
    private readonly issuerId: string,
  ) {}

  /**
   * Registers an API by its identifier URI (the `aud` of its tokens, the `resource` clients send).
   * A `resource` naming no registered API is refused at /authorize and /token (`invalid_target`).
   */
  async create(input: CreateResourceInput, options?: RequestOptions) {
    const payload = await this.core.mutate(D.CreateResource, { input: { ...input, issuerId: this.issuerId } }, 'createResource', options);
    return payload.resource;
  }
}

/** `admin.issuer(id).clients` */
export class Clients {
  constructor(
    private readonly core: Core,
    private readonly issuerId: string,
  ) {}

  /** Registers an OIDC client or M2M service; the secret is in this answer only. */
  async create(input: CreateClientInput, options?: RequestOptions): Promise<CreatedClient> {
    const payload = await this.core.mutate(D.CreateClient, { input: { ...input, issuerId: this.issuerId } }, 'createClient', options);
    return { ...payload.client, secret: payload.secret };
  }

  async get(id: string, options?: RequestOptions): Promise<Client> {
    const { data, requestId } = await this.core.query(D.GetClient, { id }, options);
    const { issuer, ...client } = strip(this.core.node(data.node, 'Client', id, requestId));
    if (issuer.id !== this.issuerId)
      throw new NotFoundError(`Client ${id} was not found.`, { code: 'NOT_FOUND', status: 200, requestId, resourceId: id });
    return client;
  }

  list(params: { pageSize?: number } = {}): List<Client> {
    return new List(async ({ first, after }) => {
      const { data, requestId } = await this.core.query(D.ListClients, { issuerId: this.issuerId, first, after });
      return pageOf(this.core.found(data.issuer, 'Issuer', this.issuerId, requestId).clients);
    }, params);
  }

  /**
   * Edits a client (every URI through the server's strict parser: ValidationError with the field
   * path); `changed` lists the fields that changed (empty: nothing did, and no event was written).
   */
  async update(id: string, input: UpdateClientInput, options?: RequestOptions): Promise<{ client: Client; changed: string[] }> {
    const payload = await this.core.mutate(D.UpdateClient, { input: { ...input, id } }, 'updateClient', options);
    return { client: payload.client, changed: payload.changed };
  }

  /** A new client secret (shown once); the previous one keeps working for `overlapSeconds` (default 3600). */
  async rotateSecret(
    id: string,
    params: { overlapSeconds?: number } = {},
    options?: RequestOptions,
  ): Promise<{ client: Client; secret: string; previousSecretExpiresAt: string | null }> {
    return strip(await this.core.mutate(D.RotateClientSecret, { input: { id, ...params } }, 'rotateClientSecret', options));
  }
}

/** `admin.issuer(id).organizations` */
export class Organizations {
  constructor(
    private readonly core: Core,
    private readonly issuerId: string,
  ) {}

  /** Creates an organization (a tenant). ConflictError when the slug is taken. */
  async create(input: CreateOrganizationInput, options?: RequestOptions): Promise<Organization> {
    return (await this.core.mutate(D.CreateOrganization, { input: { ...input, issuerId: this.issuerId } }, 'createOrganization', options))
      .organization;
  }

  async get(id: string, options?: RequestOptions): Promise<Organization> {
    const { data, requestId } = await this.core.query(D.GetOrganization, { id }, options);
    const { issuer, ...org } = this.core.found(data.organization, 'Organization', id, requestId);
    if (issuer.id !== this.issuerId)
      throw new NotFoundError(`Organization ${id} was not found.`, { code: 'NOT_FOUND', status: 200, requestId, resourceId: id });
    return org;
  }

  list(params: { pageSize?: number } = {}): List<Organization> {
    return new List(async ({ first, after }) => {
      const { data, requestId } = await this.core.query(D.ListOrganizations, { issuerId: this.issuerId, first, after });
      return pageOf(this.core.found(data.issuer, 'Issuer', this.issuerId, requestId).organizations);
    }, params);
  }

  async update(id: string, input: UpdateOrganizationInput, options?: RequestOptions): Promise<Organization> {
    return (await this.core.mutate(D.UpdateOrganization, { input: { ...input, id } }, 'updateOrganization', options)).organization;
  }

  /** Suspends it: its members' tokens and its keys lose their organization scopes. */
  async suspend(id: string, params: { reason?: string } = {}, options?: RequestOptions): Promise<Organization> {
    return (await this.core.mutate(D.SuspendOrganization, { input: { id, ...params } }, 'suspendOrganization', options)).organization;
  }

  async reactivate(id: string, options?: RequestOptions): Promise<Organization> {
    return (await this.core.mutate(D.ReactivateOrganization, { input: { id } }, 'reactivateOrganization', options)).organization;
  }

  /** Deletes it with its memberships, invitations, domains and keys. Returns the deleted id. */
  async delete(id: string, options?: RequestOptions): Promise<string> {
    return (await this.core.mutate(D.DeleteOrganization, { input: { id } }, 'deleteOrganization', options)).deletedOrganizationId;
  }
}

/** `admin.issuer(id).users` */
export class Users {
  constructor(
    private readonly core: Core,
    private readonly issuerId: string,
  ) {}

  /** Creates a user. ConflictError when the username is taken in this issuer. */
  async create(input: CreateUserInput, options?: RequestOptions): Promise<User> {
    return (await this.core.mutate(D.CreateUser, { input: { ...input, issuerId: this.issuerId } }, 'createUser', options)).user;
  }

  async get(id: string, options?: RequestOptions): Promise<User> {
    const { data, requestId } = await this.core.query(D.GetUser, { id }, options);
    const { issuerId, ...user } = strip(this.core.node(data.node, 'User', id, requestId));
    if (issuerId !== this.issuerId)
      throw new NotFoundError(`User ${id} was not found.`, { code: 'NOT_FOUND', status: 200, requestId, resourceId: id });
    return user;
  }

  list(params: { pageSize?: number } = {}): List<User> {
    return new List(async ({ first, after }) => {
      const { data, requestId } = await this.core.query(D.ListUsers, { issuerId: this.issuerId, first, after });
      return pageOf(this.core.found(data.issuer, 'Issuer', this.issuerId, requestId).users);
    }, params);
  }

  async update(id: string, input: UpdateUserInput, options?: RequestOptions): Promise<User> {
    return (await this.core.mutate(D.UpdateUser, { input: { ...input, id } }, 'updateUser', options)).user;
  }

  async delete(id: string, options?: RequestOptions): Promise<string> {
    return (await this.core.mutate(D.DeleteUser, { input: { id } }, 'deleteUser', options)).deletedUserId;
  }

  /** Sets or replaces the password (8–128 characters, not common). ValidationError otherwise. */
  async setPassword(id: string, password: string, options?: RequestOptions): Promise<User> {
    return (await this.core.mutate(D.SetUserPassword, { input: { userId: id, password } }, 'setUserPassword', options)).user;
  }
}

/** `admin.issuer(id).user(userId)`: one user's sessions and memberships. */
export class UserScope {
  constructor(
    private readonly core: Core,
    readonly userId: string,
  ) {}

  /** The user's memberships across every organization. */
  memberships(params: { pageSize?: number } = {}): List<Membership & { organization: { id: string } }> {
    return new List(async ({ first, after }) => {
      const { data, requestId } = await this.core.query(D.ListUserMemberships, { userId: this.userId, first, after });
      return pageOf(this.core.node(data.node, 'User', this.userId, requestId).memberships);
    }, params);
  }

  readonly sessions = {
    /** The user's sign-in sessions, optionally by status. */
    list: (params: { pageSize?: number; status?: G.SessionStatus } = {}): List<Session> =>
      new List(async ({ first, after }) => {
        const { data, requestId } = await this.core.query(D.ListUserSessions, {
          userId: this.userId,
          first,
          after,
          status: params.status ?? null,
        });
        return pageOf(this.core.node(data.node, 'User', this.userId, requestId).sessions);
      }, params),
    /** Ends every active session of the user (sign out everywhere); returns how many ended. */
    revokeAll: async (options?: RequestOptions): Promise<number> =>
      (await this.core.mutate(D.RevokeUserSessions, { input: { userId: this.userId } }, 'revokeUserSessions', options)).revokedCount,
  };
}

/** `admin.issuer(id).agents` */
export class Agents {
  constructor(
    private readonly core: Core,
    private readonly issuerId: string,
  ) {}

  /** Creates an agent (an AI agent or service with its own identity). */
  async create(input: CreateAgentInput, options?: RequestOptions): Promise<Agent> {
    return (await this.core.mutate(D.CreateAgent, { input: { ...input, issuerId: this.issuerId } }, 'createAgent', options)).agent;
  }

  async get(id: string, options?: RequestOptions): Promise<AgentWithVerifiers> {
    const { data, requestId } = await this.core.query(D.GetAgent, { id }, options);
    const { issuerId, ...agent } = strip(this.core.node(data.node, 'Agent', id, requestId));
    if (issuerId !== this.issuerId)
      throw new NotFoundError(`Agent ${id} was not found.`, { code: 'NOT_FOUND', status: 200, requestId, resourceId: id });
    return agent;
  }

  list(params: { pageSize?: number } = {}): List<Agent> {
    return new List(async ({ first, after }) => {
      const { data, requestId } = await this.core.query(D.ListAgents, { issuerId: this.issuerId, first, after });
      return pageOf(this.core.found(data.issuer, 'Issuer', this.issuerId, requestId).agents);
    }, params);
  }

  /** Changes an agent; `status: 'SUSPENDED'` stops its tokens. */
  async update(id: string, input: UpdateAgentInput, options?: RequestOptions): Promise<Agent> {
    return (await this.core.mutate(D.UpdateAgent, { input: { ...input, id } }, 'updateAgent', options)).agent;
  }
}

/** `admin.issuer(id).agent(agentId)` */
export class AgentScope {
  constructor(
    private readonly core: Core,
    readonly agentId: string,
  ) {}

  readonly verifiers = {
    /** Adds how the agent authenticates at /token: `{ type: 'SECRET' }` (the secret is in this answer only) or `{ type: 'PRIVATE_KEY_JWT', publicJwk }`. */
    create: async (input: CreateAgentVerifierInput, options?: RequestOptions): Promise<CreatedAgentVerifier> => {
      const payload = await this.core.mutate(
        D.CreateAgentVerifier,
        { input: { ...input, agentId: this.agentId } },
        'createAgentVerifier',
        options,
      );
      return { ...payload.verifier, secret: payload.secret };
    },
    revoke: async (id: string, options?: RequestOptions): Promise<AgentVerifier> =>
      (await this.core.mutate(D.RevokeAgentVerifier, { input: { id } }, 'revokeAgentVerifier', options)).verifier,
  };
}

/** `admin.issuer(id).organization(orgId)`: members, API keys, invitations and sessions of one organization. */
export class OrganizationScope {
  constructor(
    private readonly core: Core,
    readonly organizationId: string,
  ) {}

  readonly members = {
    /** Adds a user or agent (`memberId`) with `resource:action` scopes (at least one; the organization's defaults when omitted). */
    create: async (input: CreateMembershipInput, options?: RequestOptions): Promise<Membership> =>
      (
        await this.core.mutate(
          D.CreateMembership,
          { input: { ...input, organizationId: this.organizationId } },
          'createMembership',
          options,
        )
      ).membership,
    list: (params: { pageSize?: number } = {}): List<Membership> =>
      new List(async ({ first, after }) => {
        const { data, requestId } = await this.core.query(D.ListMembers, { organizationId: this.organizationId, first, after });
        return pageOf(this.core.found(data.organization, 'Organization', this.organizationId, requestId).members);
      }, params),
    update: async (id: string, input: UpdateMembershipInput, options?: RequestOptions): Promise<Membership> =>
      (await this.core.mutate(D.UpdateMembership, { input: { ...input, id } }, 'updateMembership', options)).membership,
    /** Removes a membership; returns its id. */
    delete: async (id: string, options?: RequestOptions): Promise<string> =>
      (await this.core.mutate(D.DeleteMembership, { input: { id } }, 'deleteMembership', options)).deletedMembershipId,
  };

  readonly apiKeys = {
    /** Mints an organization API key with at least one scope; `secret` and `token` are in this answer only. */
    create: async (input: CreateOrganizationApiKeyInput, options?: RequestOptions): Promise<CreatedApiKey> => {
      const payload = await this.core.mutate(
        D.CreateApiKey,
        { input: { ...input, organizationId: this.organizationId } },
        'createApiKey',
        options,
      );
      return { ...payload.apiKey, secret: payload.secret, token: payload.token };
    },
    list: (params: { pageSize?: number } = {}): List<ApiKeyRecord> =>
      new List(async ({ first, after }) => {
        const { data, requestId } = await this.core.query(D.ListOrganizationApiKeys, { organizationId: this.organizationId, first, after });
        return pageOf(this.core.found(data.organization, 'Organization', this.organizationId, requestId).apiKeys);
      }, params),
    /** Revokes a key: refused from the very next request. */
    revoke: async (id: string, options?: RequestOptions): Promise<ApiKeyRecord> =>
      (await this.core.mutate(D.RevokeApiKey, { input: { id } }, 'revokeApiKey', options)).apiKey,
  };

  readonly invitations = {
    /** Invites an email address; the token (for the accept link) is in this answer only. */
    create: async (input: CreateInvitationInput, options?: RequestOptions): Promise<CreatedInvitation> => {
      const payload = await this.core.mutate(
        D.CreateInvitation,
        { input: { ...input, organizationId: this.organizationId } },
        'createInvitation',
        options,
      );
      return { ...payload.invitation, token: payload.token };
    },
    list: (params: { pageSize?: number; status?: G.InvitationStatus } = {}): List<Invitation> =>
      new List(async ({ first, after }) => {
        const { data, requestId } = await this.core.query(D.ListInvitations, {
          organizationId: this.organizationId,
          first,
          after,
          status: params.status ?? null,
        });
        return pageOf(this.core.found(data.organization, 'Organization', this.organizationId, requestId).invitations);
      }, params),
    revoke: async (id: string, options?: RequestOptions): Promise<Invitation> =>
      (await this.core.mutate(D.RevokeInvitation, { input: { id } }, 'revokeInvitation', options)).invitation,
  };

  readonly sessions = {
    /** Ends every active session acting in this organization; returns how many ended. */
    revokeAll: async (options?: RequestOptions): Promise<number> =>
      (
        await this.core.mutate(
          D.RevokeOrganizationSessions,
          { input: { organizationId: this.organizationId } },
          'revokeOrganizationSessions',
          options,
        )
      ).revokedCount,
  };
}

/** `admin.issuer(id)`: everything that lives under one issuer. */
export class IssuerScope {
  readonly clients: Clients;
  readonly resources: Resources;
  readonly organizations: Organizations;
  readonly users: Users;
  readonly agents: Agents;

  constructor(
    private readonly core: Core,
    readonly issuerId: string,
  ) {
    this.clients = new Clients(core, issuerId);
    this.resources = new Resources(core, issuerId);
    this.organizations = new Organizations(core, issuerId);
    this.users = new Users(core, issuerId);
    this.agents = new Agents(core, issuerId);
  }

  /** One organization's members, API keys, invitations and sessions. */
  organization(organizationId: string): OrganizationScope {
    return new OrganizationScope(this.core, organizationId);
  }

  /** One agent's verifiers. */
  agent(agentId: string): AgentScope {
    return new AgentScope(this.core, agentId);
  }

  /** One user's sessions and memberships. */
  user(userId: string): UserScope {
    return new UserScope(this.core, userId);
  }

  /** The issuer's URL (`{baseUrl}/{issuer_id}`): discovery is at `${url}/.well-known/openid-configuration`. */
  get url(): string {
    return `${this.core.transport.baseUrl}/${this.issuerId}`;
  }

  /** Verifies an access token of this issuer (see verifyAccessToken). */
  verifyAccessToken(token: string, options: Omit<VerifyAccessTokenOptions, 'issuer'> = {}): Promise<VerifiedSession | null> {
    return verifyAccessToken(token, { fetch: this.core.transport.options.fetch, ...options, issuer: this.url });
  }
}

/**
 * The Core API client. One instance per credential; instances share the JWKS cache.
 * Modules: `issuers`, `issuer(id)`, `apiKeys` (account keys), `sessions`, `events`, `webhooks`,
 * and `whoami()`.
 */
export class AuthgraphAdmin {
  readonly baseUrl: string;
  readonly issuers: Issuers;
  private readonly core: Core;

  constructor(options: AuthgraphAdminOptions = {}) {
    const baseUrl = options.baseUrl ?? env().AUTHGRAPH_URL ?? 'http://127.0.0.1:4000';
    const transport = new Transport({ ...options, apiKey: options.apiKey ?? defaultApiKey(), baseUrl });
    this.core = new Core(transport);
    this.baseUrl = transport.baseUrl;
    this.issuers = new Issuers(this.core);
  }

  /** Everything under one issuer: `clients`, `organizations`, `users`, `agents`, `organization(id)`, `agent(id)`, `user(id)`. */
  issuer(issuerId: string): IssuerScope {
    return new IssuerScope(this.core, issuerId);
  }

  /**
   * One organization's members, API keys, invitations and sessions, by its id alone (ids are
   * unique across issuers): the same as `admin.issuer(issuerId).organization(orgId)`.
   */
  organization(organizationId: string): OrganizationScope {
    return new OrganizationScope(this.core, organizationId);
  }

  /**
   * `GET /v1/me`: what this client's credential is and may do (type, organizations and their
   * scopes). AuthenticationError when the credential is invalid, expired or revoked.
   */
  async whoami(options?: RequestOptions): Promise<Whoami> {
    return this.core.transport.send(
      '/v1/me',
      { method: 'GET' },
      async (response, requestId) => {
        const body = (await response.json().catch(() => null)) as {
          data?: Whoami;
          errors?: { message: string; extensions?: { code?: string } }[];
        } | null;
        if (!response.ok || !body?.data) {
          const first = body?.errors?.[0];
          throw fromCode(
            first?.extensions?.code ?? `HTTP_${response.status}`,
            first?.message ?? `HTTP ${response.status}`,
            response.status,
            requestId,
            parseRetryAfter(response.headers.get('retry-after')),
          );
        }
        return body.data;
      },
      options,
    );
  }

  /** Account API keys (the whole Core API of the account). */
  readonly apiKeys = {
    /** Mints an account key; `secret` and `token` are in this answer only. */
    create: async (input: CreateAccountApiKeyInput, options?: RequestOptions): Promise<CreatedApiKey> => {
      const payload = await this.core.mutate(D.CreateApiKey, { input }, 'createApiKey', options);
      return { ...payload.apiKey, secret: payload.secret, token: payload.token };
    },
    list: (params: { pageSize?: number } = {}): List<ApiKeyRecord> =>
      new List(
        async ({ first, after }) => pageOf((await this.core.query(D.ListAccountApiKeys, { first, after })).data.viewer.account.apiKeys),
        params,
      ),
    /** Revokes any key of the account (account or organization key). */
    revoke: async (id: string, options?: RequestOptions): Promise<ApiKeyRecord> =>
      (await this.core.mutate(D.RevokeApiKey, { input: { id } }, 'revokeApiKey', options)).apiKey,
  };

  /** Sessions: verify access tokens, revoke sessions. */
  readonly sessions = {
    /**
     * Verifies an access token (seed 000's `sessions.verify`): the JWKS of the token's issuer is
     * cached per process. `issuer` defaults to the issuer named in the token's `iss` when it is
     * on this client's baseUrl (a token of another server is refused). Returns null when invalid.
     */
    verify: async (token: string, options: Partial<VerifyAccessTokenOptions> = {}): Promise<VerifiedSession | null> => {
      const issuer = options.issuer ?? issuerOf(token, this.baseUrl);
      if (!issuer) return null;
      return verifyAccessToken(token, { fetch: this.core.transport.options.fetch, ...options, issuer });
    },
    /** Ends a session and every token issued to it. */
    revoke: async (id: string, options?: RequestOptions): Promise<Session> =>
      (await this.core.mutate(D.RevokeSession, { input: { id } }, 'revokeSession', options)).session,
    /** Ends every active session of a user, or of an organization; returns how many ended. */
    revokeAll: async (target: { userId: string } | { organizationId: string }, options?: RequestOptions): Promise<number> =>
      'userId' in target
        ? (await this.core.mutate(D.RevokeUserSessions, { input: { userId: target.userId } }, 'revokeUserSessions', options)).revokedCount
        : (
            await this.core.mutate(
              D.RevokeOrganizationSessions,
              { input: { organizationId: target.organizationId } },
              'revokeOrganizationSessions',
              options,
            )
          ).revokedCount,
  };

  /** The event trail. */
  readonly events = {
    /**
     * Events newest first, filtered. `await admin.events.list({ limit: 20 })` is one page
     * (`.data`); `for await (const e of admin.events.list({ types: ['session.*'] }))` walks them all.
     */
    list: (params: ListEventsParams = {}): List<AuthgraphEvent> => {
      const { limit, after, ...filter } = params;
      return new List(
        async (page) => pageOf((await this.core.query(D.ListEvents, { first: page.first, after: page.after, filter })).data.events),
        {
          pageSize: limit ?? 20,
          after: after ?? null,
        },
      );
    },
    /**
     * Live events (graphql-ws), resumed after the last one seen whenever the connection drops.
     * `onEvent` runs for each event in order; a failure it throws ends the subscription.
     */
    subscribe: (
      params: SubscribeParams,
      onEvent: (event: AuthgraphEvent) => void | Promise<void>,
      options?: SubscribeOptions,
    ): EventSubscription => {
      const transport = this.core.transport;
      const url = `${transport.baseUrl.replace(/^http/, 'ws')}/graphql`;
      return subscribeEvents(
        { url, authorization: transport.headers().get('authorization')!, userAgent: transport.headers().get('user-agent')! },
        D.SubscribeEvents.toString(),
        params,
        onEvent,
        options,
      );
    },
  };

  /** Webhook endpoints, and verifying deliveries. */
  readonly webhooks = {
    /** Verifies a delivery (Standard Webhooks) and returns its CloudEvent; WebhookVerificationError otherwise. */
    verify: verifyWebhook,
    endpoints: {
      /** Registers an endpoint for exact event types; the `whsec_…` secret is in this answer only. */
      create: async (input: CreateWebhookEndpointInput, options?: RequestOptions): Promise<CreatedWebhookEndpoint> => {
        const payload = await this.core.mutate(D.CreateWebhookEndpoint, { input }, 'createWebhookEndpoint', options);
        return { ...payload.webhookEndpoint, secret: payload.secret };
      },
      get: async (id: string, options?: RequestOptions): Promise<WebhookEndpoint> => {
        const { data, requestId } = await this.core.query(D.GetWebhookEndpoint, { id }, options);
        return this.core.found(data.webhookEndpoint, 'WebhookEndpoint', id, requestId);
      },
      list: (params: { pageSize?: number } = {}): List<WebhookEndpoint> =>
        new List(
          async ({ first, after }) => pageOf((await this.core.query(D.ListWebhookEndpoints, { first, after })).data.webhookEndpoints),
          params,
        ),
      update: async (id: string, input: UpdateWebhookEndpointInput, options?: RequestOptions): Promise<WebhookEndpoint> =>
        (await this.core.mutate(D.UpdateWebhookEndpoint, { input: { ...input, id } }, 'updateWebhookEndpoint', options)).webhookEndpoint,
      delete: async (id: string, options?: RequestOptions): Promise<string> =>
        (await this.core.mutate(D.DeleteWebhookEndpoint, { input: { id } }, 'deleteWebhookEndpoint', options)).deletedWebhookEndpointId,
      /** A new signing secret (shown once); deliveries carry both signatures during the overlap. */
      rotateSecret: async (id: string, options?: RequestOptions): Promise<CreatedWebhookEndpoint> => {
        const payload = await this.core.mutate(D.RotateWebhookSecret, { input: { id } }, 'rotateWebhookSecret', options);
        return { ...payload.webhookEndpoint, secret: payload.secret };
      },
      /** Sends a `webhook-endpoint.test` event to this endpoint only. */
      sendTest: async (id: string, options?: RequestOptions): Promise<AuthgraphEvent> =>
        (await this.core.mutate(D.SendTestEvent, { input: { endpointId: id } }, 'sendTestEvent', options)).event,
    },
  };
}

/** The issuer URL named by a token's `iss`, when it lies on `baseUrl`; null otherwise (or unreadable). */
function issuerOf(token: string, baseUrl: string): string | null {
  try {
    const payload = JSON.parse(new TextDecoder().decode(base64UrlDecode(token.split('.')[1] ?? ''))) as { iss?: unknown };
    if (typeof payload.iss !== 'string') return null;
    return /^\/i_[0-9a-z]{26}$/.test(payload.iss.slice(baseUrl.length)) && payload.iss.startsWith(baseUrl) ? payload.iss : null;
  } catch {
    return null;
  }
}

function base64UrlDecode(value: string): Uint8Array {
  const b64 = value.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((value.length + 3) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

export type { Page };
