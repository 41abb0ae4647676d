/** The composition of domain services (built once per app in the composition root). @module */
import type { ServiceDeps } from './domain/deps.js';
import { createIssuerService } from './domain/issuers.js';
import { createClientService } from './domain/clients.js';
import { createOrganizationService } from './domain/organizations.js';
import { createUserService } from './domain/users.js';
import { createMembershipService } from './domain/memberships.js';
import { createInvitationService } from './domain/invitations.js';
import { createApiKeyService } from './domain/api-keys.js';
import { createIdempotencyService } from './domain/idempotency.js';
import { createSigningKeyStore } from './domain/signing-keys.js';
import { createSigningKeyService } from './domain/signing-key-rotation.js';
import { createAgentService } from './domain/agents.js';
import { createPrincipalDirectory } from './domain/principals.js';
import { createPersonalTokenService } from './domain/personal-tokens.js';
import { createCredentialService } from './domain/credentials.js';
import { createSessionService } from './domain/sessions.js';
import { createRevokedTokenService } from './domain/revoked-tokens.js';
import { createWebhookService } from './webhooks/service.js';
import { createLiveGrants } from './domain/authorization/live.js';
import { createResourceService } from './domain/resources.js';
import { createGrantService } from './domain/grants.js';
import { createClientRegistrationService } from './domain/client-registration.js';

export function createServices(deps: ServiceDeps) {
  const signingKeys = createSigningKeyStore(deps);
  const issuers = createIssuerService(deps, signingKeys);
  const organizations = createOrganizationService(deps, issuers);
  const users = createUserService(deps, issuers);
  const memberships = createMembershipService(deps, organizations);
  const principals = createPrincipalDirectory(deps);
  const clients = createClientService(deps, issuers, signingKeys);
  const apiKeys = createApiKeyService(deps);
  const liveGrants = createLiveGrants(deps);
  const sessions = createSessionService(deps);
  const personalTokens = createPersonalTokenService(deps);
  const agents = createAgentService(deps, issuers);
  const invitations = createInvitationService(deps, organizations, memberships, users);
  // A change that may take authority away clears this node's cached clients, key rows and live
  // grants as soon as it returns (all three: they are 5-second caches, clearing is cheap); other
  // nodes clear theirs when its event reaches them on the bus (app.ts).
  const clearingCaches =
    <A extends unknown[], R>(change: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await change(...args);
      principals.invalidate();
      apiKeys.invalidate();
      liveGrants.invalidate();
      return result;
    };
  clients.rotateSecret = clearingCaches(clients.rotateSecret);
  clients.update = clearingCaches(clients.update);
  organizations.suspend = clearingCaches(organizations.suspend);
  organizations.reactivate = clearingCaches(organizations.reactivate);
  organizations.delete = clearingCaches(organizations.delete);
  memberships.create = clearingCaches(memberships.create);
  memberships.update = clearingCaches(memberships.update);
  memberships.delete = clearingCaches(memberships.delete);
  invitations.accept = clearingCaches(invitations.accept);
  invitations.acceptAsUser = clearingCaches(invitations.acceptAsUser);
  invitations.acceptBySignUp = clearingCaches(invitations.acceptBySignUp);
  users.update = clearingCaches(users.update);
  users.delete = clearingCaches(users.delete);
  agents.update = clearingCaches(agents.update);
  sessions.revokeSession = clearingCaches(sessions.revokeSession);
  sessions.revokeUserSessions = clearingCaches(sessions.revokeUserSessions);
  sessions.revokeOrganizationSessions = clearingCaches(sessions.revokeOrganizationSessions);
  personalTokens.revoke = clearingCaches(personalTokens.revoke);
  const resources = createResourceService(deps, issuers);
  const grants = createGrantService(deps);
  const clientRegistration = createClientRegistrationService(deps, clients);
  clientRegistration.block = clearingCaches(clientRegistration.block);
  clientRegistration.unblock = clearingCaches(clientRegistration.unblock);
  return {
    /** APIs and MCP servers tokens are minted for (RFC 8707 resource indicators) */
    resources,
    /** users' remembered consents to clients */
    grants,
    /** CIMD and RFC 7591 clients, and blocking any client */
    clientRegistration,
    signingKeys,
    signingKeyRotation: createSigningKeyService(deps, issuers, signingKeys),
    agents,
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
    invitations,
    apiKeys,
    personalTokens,
    webhooks: createWebhookService(deps),
    idempotency: createIdempotencyService({ prisma: deps.prisma, clock: deps.clock, ttlMs: deps.config.idempotencyTtlMs, sealer: deps.sealer, hmacKey: deps.sealer.deriveKey('idempotency request hash') }),
  };
}

export type Services = ReturnType<typeof createServices>;
