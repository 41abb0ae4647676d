/**
 * `nodes(ids)`: one query per type asked for, with the kernel's visibility rule of that type,
 * instead of one per id (Prisma cannot batch unique lookups that carry an extra filter). Ids the
 * viewer may not see come back as null, exactly like ids that do not exist.
 *
 * `LOADERS` is typed over every governed type (domain/authorization/visibility.ts `READ_SCOPE`):
 * a type with a visibility rule but no loader fails typecheck.
 * @module
 */
import { brandWithType } from '@pothos/core';
import { visible, type GovernedType } from '../domain/authorization/visibility.js';
import type { GraphQLContext } from './context.js';

type Loader = (ctx: GraphQLContext, ids: string[]) => Promise<{ id: string }[]>;

const LOADERS: Record<GovernedType, Loader> = {
  Account: (ctx, ids) => ctx.prisma.account.findMany({ where: { id: { in: ids }, AND: [visible.account(ctx.viewer)] } }),
  Issuer: (ctx, ids) => ctx.prisma.issuer.findMany({ where: { id: { in: ids }, AND: [visible.issuer(ctx.viewer)] } }),
  Organization: (ctx, ids) => ctx.prisma.organization.findMany({ where: { id: { in: ids }, AND: [visible.organization(ctx.viewer)] } }),
  User: (ctx, ids) => ctx.prisma.user.findMany({ where: { id: { in: ids }, AND: [visible.user(ctx.viewer)] } }),
  Membership: (ctx, ids) => ctx.prisma.membership.findMany({ where: { id: { in: ids }, AND: [visible.membership(ctx.viewer)] } }),
  Invitation: (ctx, ids) => ctx.prisma.invitation.findMany({ where: { id: { in: ids }, AND: [visible.invitation(ctx.viewer)] } }),
  Client: (ctx, ids) => ctx.prisma.client.findMany({ where: { id: { in: ids }, AND: [visible.client(ctx.viewer)] } }),
  Agent: (ctx, ids) => ctx.prisma.agent.findMany({ where: { id: { in: ids }, AND: [visible.agent(ctx.viewer)] } }),
  ApiKey: (ctx, ids) => ctx.prisma.apiKey.findMany({ where: { id: { in: ids }, AND: [visible.apiKey(ctx.viewer)] } }),
  PersonalToken: (ctx, ids) => ctx.prisma.personalToken.findMany({ where: { id: { in: ids }, AND: [visible.personalToken(ctx.viewer)] } }),
  Session: (ctx, ids) => ctx.prisma.session.findMany({ where: { id: { in: ids }, AND: [visible.session(ctx.viewer)] } }),
  Event: (ctx, ids) => ctx.prisma.event.findMany({ where: { id: { in: ids }, AND: [visible.event(ctx.viewer)] } }),
  WebhookEndpoint: (ctx, ids) =>
    ctx.prisma.webhookEndpoint.findMany({ where: { id: { in: ids }, AND: [visible.webhookEndpoint(ctx.viewer)] } }),
  Resource: (ctx, ids) => ctx.prisma.resource.findMany({ where: { id: { in: ids }, AND: [visible.resource(ctx.viewer)] } }),
  Grant: (ctx, ids) => ctx.prisma.grant.findMany({ where: { id: { in: ids }, AND: [visible.grant(ctx.viewer)] } }),
  WebhookDelivery: (ctx, ids) =>
    ctx.prisma.webhookDelivery.findMany({ where: { id: { in: ids }, AND: [visible.webhookDelivery(ctx.viewer)] } }),
  Delegation: (ctx, ids) => ctx.prisma.delegation.findMany({ where: { id: { in: ids }, AND: [visible.delegation(ctx.viewer)] } }),
};

export async function loadNodes(ctx: GraphQLContext, ids: { typename: string; id: string }[]): Promise<unknown[]> {
  const byType = new Map<string, string[]>();
  for (const { typename, id } of ids) byType.set(typename, [...(byType.get(typename) ?? []), id]);
  const found = new Map<string, unknown>();
  await Promise.all(
    [...byType].map(async ([typename, typeIds]) => {
      const load = LOADERS[typename as GovernedType];
      if (!load) return;
      for (const row of await load(ctx, [...new Set(typeIds)])) {
        brandWithType(row, typename as never);
        found.set(row.id, row);
      }
    }),
  );
  return ids.map(({ id }) => found.get(id) ?? null);
}
