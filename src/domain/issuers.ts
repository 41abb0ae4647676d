/** Issuers: one OIDC authority each, owned by the account. @module */
import * as z from 'zod';
import { newId } from '../lib/ids.js';
import { NotFoundError } from './errors.js';
import { eventData } from './event-payloads.js';
import { parseInput, name, idOf } from './validation.js';
import { visible } from './authorization/visibility.js';
import { actorOf, type Viewer } from './viewer.js';
import type { ServiceDeps } from './deps.js';
import type { SigningKeyStore } from './signing-keys.js';
import { SIGNING_ALGS } from './jwk.js';

const policy = {
  signingAlg: z.enum(SIGNING_ALGS),
  accessTokenTtlSeconds: z.number().int().min(60).max(86_400),
  sessionIdleTimeoutSeconds: z.number().int().min(300).max(31_536_000),
  sessionAbsoluteLifetimeSeconds: z.number().int().min(300).max(31_536_000),
  mfaPolicy: z.enum(['off', 'optional', 'required']),
  /** RFC 7591 dynamic client registration at /{issuer}/register */
  dynamicRegistrationEnabled: z.boolean(),
  /** DNS names whose Client ID Metadata Documents are accepted (each also covers its subdomains); empty: any */
  clientMetadataDocumentDomains: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .max(253)
        .regex(
          /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
          'must be a DNS name such as example.com',
        ),
    )
    .max(100)
    .transform((d) => [...new Set(d)]),
};

const CreateIssuer = z.object({
  name,
  signingAlg: policy.signingAlg.optional(),
  accessTokenTtlSeconds: policy.accessTokenTtlSeconds.optional(),
  sessionIdleTimeoutSeconds: policy.sessionIdleTimeoutSeconds.optional(),
  sessionAbsoluteLifetimeSeconds: policy.sessionAbsoluteLifetimeSeconds.optional(),
  mfaPolicy: policy.mfaPolicy.optional(),
  dynamicRegistrationEnabled: policy.dynamicRegistrationEnabled.optional(),
  clientMetadataDocumentDomains: policy.clientMetadataDocumentDomains.optional(),
});

const UpdateIssuer = CreateIssuer.partial().extend({ id: idOf('issuer') });

export function createIssuerService(deps: ServiceDeps, signingKeys: SigningKeyStore) {
  const { prisma, recordEvent } = deps;

  /** Loads an issuer the viewer may see, or throws NOT_FOUND (also for other tenants'). */
  async function requireIssuer(viewer: Viewer, id: string) {
    const issuer = await prisma.issuer.findFirst({ where: { id, AND: [visible.issuer(viewer)] } });
    if (!issuer) throw new NotFoundError('Issuer', id);
    return issuer;
  }

  return {
    requireIssuer,

    async create(viewer: Viewer, input: unknown) {
      const data = parseInput(CreateIssuer, input);
      return prisma.$transaction(async (tx) => {
        const issuer = await tx.issuer.create({ data: { id: newId('issuer'), accountId: viewer.accountId, ...data } });
        // Every issuer can sign from its first moment: its first key is made with it.
        await signingKeys.createKey(tx, issuer.id, issuer.signingAlg);
        await recordEvent(tx, {
          type: 'issuer.created',
          accountId: viewer.accountId,
          issuerId: issuer.id,
          subject: issuer.id,
          actor: actorOf(viewer),
          data: eventData('issuer.created', { issuer }),
        });
        return issuer;
      });
    },

    async update(viewer: Viewer, input: unknown) {
      const { id, ...changes } = parseInput(UpdateIssuer, input);
      await requireIssuer(viewer, id);
      return prisma.$transaction(async (tx) => {
        // a new signingAlg signs only with a key that is already published
        if (changes.signingAlg) await signingKeys.ensureKey(tx, id, changes.signingAlg);
        const issuer = await tx.issuer.update({ where: { id }, data: changes });
        await recordEvent(tx, {
          type: 'issuer.updated',
          accountId: viewer.accountId,
          issuerId: issuer.id,
          subject: issuer.id,
          actor: actorOf(viewer),
          data: eventData('issuer.updated', { issuer, changed: Object.keys(changes) }),
        });
        return issuer;
      });
    },
  };
}

export type IssuerService = ReturnType<typeof createIssuerService>;
