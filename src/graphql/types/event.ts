/** Event: the trail of every change, newest first, with filters. @module */
import { builder } from '../builder.js';
import { rootConnection } from '../keyset.js';
import { visible } from '../../domain/authorization/visibility.js';
import { AUTHENTICATED } from '../shared.js';
import { typeWhere } from '../../domain/event-types.js';
import type { Prisma } from '../../generated/prisma/client.js';

const EventActorRef = builder.objectRef<{ type: string; id: string | null; onBehalfOf: string | null }>('EventActor').implement({
  fields: (t) => ({
    type: t.exposeString('type', { description: 'api_key, personal_token, access_token, agent, client, user or system.' }),
    id: t.exposeID('id', { nullable: true }),
    onBehalfOf: t.exposeID('onBehalfOf', {
      nullable: true,
      description: 'With an agent acting for a user (token exchange): the user. Null otherwise.',
    }),
  }),
});

export const EventRef = builder.prismaNode('Event', {
  id: { field: 'id' },
  nullable: true,
  description: 'A CloudEvents 1.0-shaped record of one change, written in the same transaction as the change.',
  findUnique: (id, ctx) => ({ id, AND: [visible.event(ctx.viewer)] }),
  fields: (t) => ({
    specversion: t.string({ resolve: () => '1.0' }),
    type: t.exposeString('type'),
    source: t.exposeString('source'),
    subject: t.exposeString('subject', { nullable: true }),
    time: t.expose('time', { type: 'DateTime' }),
    actor: t.field({ type: EventActorRef, resolve: (e) => ({ type: e.actorType, id: e.actorId, onBehalfOf: e.actorOnBehalfOf ?? null }) }),
    issuerId: t.exposeID('issuerId', { nullable: true }),
    organizationId: t.exposeID('organizationId', { nullable: true }),
    metered: t.exposeBoolean('metered', { description: 'Per-request events: stored and queryable, never sent to webhooks.' }),
    data: t.expose('data', { type: 'JSON' }),
  }),
});

const EventFilter = builder.inputType('EventFilter', {
  fields: (t) => ({
    types: t.stringList({
      description:
        'Exact types, or prefixes ending in .* (session.* matches session.created and session.revoked): the same language as the subscription.',
    }),
    issuerId: t.id(),
    organizationId: t.id(),
    subject: t.id({ description: 'The id of the object the events are about.' }),
    since: t.field({ type: 'DateTime', description: 'Inclusive.' }),
    until: t.field({ type: 'DateTime', description: 'Exclusive.' }),
  }),
});

builder.queryField('events', (t) =>
  t.connection({
    type: EventRef,
    description: 'The event trail, newest first.',
    authScopes: AUTHENTICATED,
    args: { filter: t.arg({ type: EventFilter }) },
    resolve: (_root, { filter, ...args }, ctx) => {
      const where: Prisma.EventWhereInput = { AND: [visible.event(ctx.viewer)] };
      const types = typeWhere(filter?.types);
      if (types) (where.AND as Prisma.EventWhereInput[]).push(types);
      if (filter?.issuerId) where.issuerId = filter.issuerId;
      if (filter?.organizationId) where.organizationId = filter.organizationId;
      if (filter?.subject) where.subject = filter.subject;
      if (filter?.since || filter?.until)
        where.time = { ...(filter.since ? { gte: filter.since } : {}), ...(filter.until ? { lt: filter.until } : {}) };
      return rootConnection(args, 'event', 'desc', (id, order, take) =>
        ctx.prisma.event.findMany({ where: { AND: [where, { id }] }, orderBy: { id: order }, take }),
      );
    },
  }),
);

const EventStreamFilter = builder.inputType('EventStreamFilter', {
  fields: (t) => ({
    types: t.stringList({
      description:
        'Exact types, or prefixes ending in .* (organization.*). Metered per-request events are not streamed; query them with `events`.',
    }),
    issuerId: t.id(),
    organizationId: t.id(),
  }),
});

builder.subscriptionField('events', (t) =>
  t.field({
    type: EventRef,
    description:
      'Events as they are committed, only those the credential may read. With `after` (an event id), first every event committed after it, then live, with no gap and no duplicate.',
    authScopes: AUTHENTICATED,
    args: { filter: t.arg({ type: EventStreamFilter }), after: t.arg.id() },
    subscribe: (_root, { filter, after }, ctx) => ctx.streams.stream(ctx.viewer, filter ?? {}, after ?? null, ctx.viewerDerivedAt),
    resolve: (event) => event,
  }),
);
