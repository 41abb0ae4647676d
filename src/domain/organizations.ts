/**
 * Organizations (tenants): lifecycle (create, update, suspend, reactivate, delete with cascade).
 * @module
 */
import * as z from 'zod';
import { newId } from '../lib/ids.js';
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import { eventData } from './event-payloads.js';
import { parseInput, name, slug, slugify, idOf, scopeList, jsonObject, email } from './validation.js';
import { assertScopesHeld } from './authorization/attenuation.js';
import { reachable } from './authorization/visibility.js';
import { actorOf, type Viewer } from './viewer.js';
import { isUniqueViolation, type ServiceDeps } from './deps.js';
import type { IssuerService } from './issuers.js';
import type { Tx } from '../data/database.js';

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name such as example.com');

const fields = {
  name,
  slug,
  orgType: z.string().trim().min(1).max(100),
  contactEmail: email,
  contactPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{5,32}$/, 'must be a phone number'),
  customFields: jsonObject,
  metadata: jsonObject,
  memberLimit: z.number().int().min(1).max(1_000_000),
  defaultMemberScopes: scopeList,
  domains: z
    .array(domain)
    .max(100)
    .transform((d) => [...new Set(d)]),
  ssoOnly: z.boolean(),
  mfaPolicy: z.enum(['inherit', 'optional', 'required']),
};

const CreateOrganization = z.object({
  issuerId: idOf('issuer'),
  name: fields.name,
  slug: fields.slug.optional(),
  orgType: fields.orgType.nullish(),
  contactEmail: fields.contactEmail.nullish(),
  contactPhone: fields.contactPhone.nullish(),
  customFields: fields.customFields.default({}),
  metadata: fields.metadata.default({}),
  memberLimit: fields.memberLimit.nullish(),
  defaultMemberScopes: fields.defaultMemberScopes.default([]),
  domains: fields.domains.default([]),
  ssoOnly: fields.ssoOnly.default(false),
  mfaPolicy: fields.mfaPolicy.default('inherit'),
});

const UpdateOrganization = z.object({
  id: idOf('organization'),
  name: fields.name.optional(),
  slug: fields.slug.optional(),
  orgType: fields.orgType.nullish(),
  contactEmail: fields.contactEmail.nullish(),
  contactPhone: fields.contactPhone.nullish(),
  customFields: fields.customFields.optional(),
  metadata: fields.metadata.optional(),
  memberLimit: fields.memberLimit.nullish(),
  defaultMemberScopes: fields.defaultMemberScopes.optional(),
  domains: fields.domains.optional(),
  ssoOnly: fields.ssoOnly.optional(),
  mfaPolicy: fields.mfaPolicy.optional(),
});

const ById = z.object({ id: idOf('organization'), reason: z.string().max(500).optional() });

/** GraphQL sends explicit nulls for "clear this field"; undefined means "leave it". */
function definedOnly<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function createOrganizationService(deps: ServiceDeps, issuers: IssuerService) {
  const { prisma, recordEvent, clock } = deps;

  async function requireOrganization(viewer: Viewer, id: string) {
    const org = await prisma.organization.findFirst({ where: { id, AND: [reachable.organization(viewer)] } });
    if (!org) throw new NotFoundError('Organization', id);
    return org;
  }

  /** Locks the organization row for the rest of the transaction (serialises member-limit checks). */
  async function lockOrganization(tx: Tx, id: string) {
    await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${id} FOR UPDATE`;
  }

  async function slugTaken(issuerId: string, candidate: string, exceptId?: string) {
    const found = await prisma.organization.findFirst({
      where: { issuerId, slug: candidate, NOT: exceptId ? { id: exceptId } : undefined },
      select: { id: true },
    });
    return found !== null;
  }

  async function replaceDomains(tx: Tx, organizationId: string, domains: string[]) {
    await tx.organizationDomain.deleteMany({ where: { organizationId, domain: { notIn: domains } } });
    const existing = await tx.organizationDomain.findMany({ where: { organizationId }, select: { domain: true } });
    const have = new Set(existing.map((d) => d.domain));
    const add = domains.filter((d) => !have.has(d));
    if (add.length)
      await tx.organizationDomain.createMany({ data: add.map((d) => ({ id: newId('organizationDomain'), organizationId, domain: d })) });
  }

  return {
    requireOrganization,
    lockOrganization,

    async create(viewer: Viewer, input: unknown) {
      const { domains, ...data } = parseInput(CreateOrganization, input);
      const issuer = await issuers.requireIssuer(viewer, data.issuerId);
      const chosenSlug = data.slug ?? slugify(data.name);
      if (!chosenSlug) throw new ValidationError([{ path: 'slug', message: 'cannot derive a slug from the name; give one' }]);
      if (await slugTaken(issuer.id, chosenSlug))
        throw new ConflictError('SLUG_TAKEN', `The slug "${chosenSlug}" is already used in this issuer.`, 'slug');
      try {
        return await prisma.$transaction(async (tx) => {
          const org = await tx.organization.create({
            data: {
              ...data,
              id: newId('organization'),
              slug: chosenSlug,
              customFields: data.customFields as object,
              metadata: data.metadata as object,
            },
          });
          if (domains.length) await replaceDomains(tx, org.id, domains);
          await recordEvent(tx, {
            type: 'organization.created',
            accountId: viewer.accountId,
            issuerId: issuer.id,
            organizationId: org.id,
            subject: org.id,
            actor: actorOf(viewer),
            data: eventData('organization.created', { organization: org, domains }),
          });
          return org;
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError('SLUG_TAKEN', `The slug "${chosenSlug}" is already used in this issuer.`, 'slug');
        throw error;
      }
    },

    async update(viewer: Viewer, input: unknown) {
      const { id, domains, ...rest } = parseInput(UpdateOrganization, input);
      const changes = definedOnly(rest);
      const current = await requireOrganization(viewer, id);
      if (viewer.kind !== 'account_api_key') {
        // An organization's own credentials run its profile, not its security policy: the member
        // limit, sign-in policy, domains and slug (unique across the issuer's tenants: a change
        // would tell them which slugs others use) stay with the account.
        const reserved =
          (['slug', 'memberLimit', 'mfaPolicy', 'ssoOnly'] as const).find((f) => changes[f] !== undefined && changes[f] !== current[f]) ??
          (domains !== undefined ? 'domains' : undefined);
        if (reserved) throw new ForbiddenError('ACCOUNT_KEY_ONLY', `Only an account key may change ${reserved}.`, reserved);
        if (changes.defaultMemberScopes) assertScopesHeld(viewer, changes.defaultMemberScopes, 'defaultMemberScopes');
      }
      if (changes.slug && changes.slug !== current.slug && (await slugTaken(current.issuerId, changes.slug, id)))
        throw new ConflictError('SLUG_TAKEN', `The slug "${changes.slug}" is already used in this issuer.`, 'slug');
      try {
        return await prisma.$transaction(async (tx) => {
          await lockOrganization(tx, id);
          if (changes.memberLimit != null) {
            const members = await tx.membership.count({ where: { organizationId: id } });
            if (members > changes.memberLimit)
              throw new ValidationError([{ path: 'memberLimit', message: `the organization already has ${members} members` }]);
          }
          const org = await tx.organization.update({
            where: { id },
            data: {
              ...changes,
              customFields: changes.customFields as object | undefined,
              metadata: changes.metadata as object | undefined,
            },
          });
          if (domains) await replaceDomains(tx, id, domains);
          await recordEvent(tx, {
            type: 'organization.updated',
            accountId: viewer.accountId,
            issuerId: org.issuerId,
            organizationId: org.id,
            subject: org.id,
            actor: actorOf(viewer),
            data: eventData('organization.updated', {
              organization: org,
              changed: [...Object.keys(changes), ...(domains ? ['domains'] : [])],
            }),
          });
          return org;
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError('SLUG_TAKEN', `The slug "${changes.slug}" is already used in this issuer.`, 'slug');
        throw error;
      }
    },

    async suspend(viewer: Viewer, input: unknown) {
      const { id, reason } = parseInput(ById, input);
      const current = await requireOrganization(viewer, id);
      if (current.status === 'suspended')
        throw new InvalidStateError('ORGANIZATION_ALREADY_SUSPENDED', 'The organization is already suspended.');
      return prisma.$transaction(async (tx) => {
        const org = await tx.organization.update({ where: { id }, data: { status: 'suspended', suspendedAt: clock.now() } });
        await recordEvent(tx, {
          type: 'organization.suspended',
          accountId: viewer.accountId,
          issuerId: org.issuerId,
          organizationId: org.id,
          subject: org.id,
          actor: actorOf(viewer),
          data: eventData('organization.suspended', { organization: org, reason: reason ?? null }),
        });
        return org;
      });
    },

    async reactivate(viewer: Viewer, input: unknown) {
      const { id } = parseInput(ById, input);
      const current = await requireOrganization(viewer, id);
      if (current.status === 'active') throw new InvalidStateError('ORGANIZATION_NOT_SUSPENDED', 'The organization is not suspended.');
      return prisma.$transaction(async (tx) => {
        const org = await tx.organization.update({ where: { id }, data: { status: 'active', suspendedAt: null } });
        await recordEvent(tx, {
          type: 'organization.reactivated',
          accountId: viewer.accountId,
          issuerId: org.issuerId,
          organizationId: org.id,
          subject: org.id,
          actor: actorOf(viewer),
          data: eventData('organization.reactivated', { organization: org }),
        });
        return org;
      });
    },

    /** Deletes the organization; memberships, invitations, domains, SSO config and org API keys go with it. */
    async delete(viewer: Viewer, input: unknown) {
      const { id } = parseInput(ById, input);
      const org = await requireOrganization(viewer, id);
      return prisma.$transaction(async (tx) => {
        const [memberships, invitations, apiKeys] = await Promise.all([
          tx.membership.count({ where: { organizationId: id } }),
          tx.invitation.count({ where: { organizationId: id } }),
          tx.apiKey.count({ where: { organizationId: id } }),
        ]);
        await tx.organization.delete({ where: { id } });
        await recordEvent(tx, {
          type: 'organization.deleted',
          accountId: viewer.accountId,
          issuerId: org.issuerId,
          organizationId: org.id,
          subject: org.id,
          actor: actorOf(viewer),
          data: eventData('organization.deleted', { organization: org, removed: { memberships, invitations, apiKeys } }),
        });
        return org;
      });
    },
  };
}

export type OrganizationService = ReturnType<typeof createOrganizationService>;
