/** The composition of domain services (built once per app in the composition root). @module */
import type { ServiceDeps } from './deps.js';
import { createIssuerService } from './issuers.js';
import { createClientService } from './clients.js';
import { createOrganizationService } from './organizations.js';
import { createUserService } from './users.js';
import { createMembershipService } from './memberships.js';
import { createInvitationService } from './invitations.js';
import { createApiKeyService } from './api-keys.js';
import { createIdempotencyService } from './idempotency.js';
import { createSigningKeyStore, createSigningKeyService } from './signing-keys.js';
import { createAgentService } from './agents.js';
import { createPrincipalDirectory } from './principals.js';
import { createPersonalTokenService } from './personal-tokens.js';
import { createCredentialService } from './credentials.js';
import { createSessionService } from './sessions.js';
import { createRevokedTokenService } from './revoked-tokens.js';
import { createWebhookService } from '../webhooks/service.js';
import { createLiveGrants } from './authorization/live.js';

export function createServices(deps: ServiceDeps) {
  const signingKeys = createSigningKeyStore(deps);
  const issuers = createIssuerService(deps, signingKeys);
  const organizations = createOrganizationService(deps, issuers);
  const users = createUserService(deps, issuers);
  const memberships = createMembershipService(deps, organizations);
  const principals = createPrincipalDirectory(deps);
  const clients = createClientService(deps, issuers, signingKeys);
  const apiKeys = createApiKeyService(deps);
  // Changes made on this node clear the cached client and API key lookups at once (other nodes
  // hear of them on the event bus, see app.ts).
  const clearingPrincipals =
    <A extends unknown[], R>(change: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await change(...args);
      principals.invalidate();
      apiKeys.invalidate();
      return result;
    };
  clients.rotateSecret = clearingPrincipals(clients.rotateSecret);
  clients.update = clearingPrincipals(clients.update);
  organizations.suspend = clearingPrincipals(organizations.suspend);
  organizations.reactivate = clearingPrincipals(organizations.reactivate);
  organizations.delete = clearingPrincipals(organizations.delete);
  // Changes to what a key's creators hold (authorization/creator.ts) and to live grants clear
  // this node's cached keys and grants at once as well.
  const liveGrants = createLiveGrants(deps);
  const clearingAuthority =
    <A extends unknown[], R>(change: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await change(...args);
      apiKeys.invalidate();
      liveGrants.invalidate();
      return result;
    };
  memberships.create = clearingAuthority(memberships.create);
  memberships.update = clearingAuthority(memberships.update);
  memberships.delete = clearingAuthority(memberships.delete);
  users.update = clearingAuthority(users.update);
  users.delete = clearingAuthority(users.delete);
  const sessions = createSessionService(deps);
  sessions.revokeSession = clearingAuthority(sessions.revokeSession);
  sessions.revokeUserSessions = clearingAuthority(sessions.revokeUserSessions);
  sessions.revokeOrganizationSessions = clearingAuthority(sessions.revokeOrganizationSessions);
  const personalTokens = createPersonalTokenService(deps);
  personalTokens.revoke = clearingAuthority(personalTokens.revoke);
  return {
    signingKeys,
    signingKeyRotation: createSigningKeyService(deps, issuers, signingKeys),
    agents: createAgentService(deps, issuers),
    principals,
    /** what access tokens' principals hold now (domain/authorization/live.ts) */
    liveGrants,
    issuers,
    clients,
    organizations,
    users,
    credentials: createCredentialService(deps, users),
    sessions,
    revokedTokens: createRevokedTokenService(deps),
    memberships,
    invitations: createInvitationService(deps, organizations, memberships, users),
    apiKeys,
    personalTokens,
    webhooks: createWebhookService(deps),
    idempotency: createIdempotencyService({ prisma: deps.prisma, clock: deps.clock, ttlMs: deps.config.idempotencyTtlMs, sealer: deps.sealer, hmacKey: deps.sealer.deriveKey('idempotency request hash') }),
  };
}

export type Services = ReturnType<typeof createServices>;
