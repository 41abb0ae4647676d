/** The composition of domain services (built once per app in the composition root). @module */
import type { ServiceDeps } from './domain/deps.js';
import { createIssuerService } from './domain/issuers.js';
import { createClientService } from './domain/clients.js';
import { createOrganizationService } from './domain/organizations.js';
import { createUserService } from './domain/users.js';
import { createOperatorService } from './domain/operators.js';
import { createOperatorAdminService } from './domain/operator-admin.js';
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
  const resources = createResourceService(deps, issuers);
  const grants = createGrantService(deps);
  const clientRegistration = createClientRegistrationService(deps, clients);
  // Their caches are cleared by the events of the changes that stale them (cache-invalidation.ts).
  const all = {
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
    idempotency: createIdempotencyService({
      prisma: deps.prisma,
      clock: deps.clock,
      ttlMs: deps.config.idempotencyTtlMs,
      sealer: deps.sealer,
      hmacKey: deps.sealer.deriveKey('idempotency request hash'),
    }),
  };
  // the console's operators (issue 15): users of the account's system issuer
  return { ...all, operators: createOperatorService(deps, all), operatorAdmin: createOperatorAdminService(deps, all) };
}

export type Services = ReturnType<typeof createServices>;
