/**
 * `subscription approvals`: CIBA approval requests and decisions (`approval.requested`,
 * `approval.decided`; src/oauth/ciba/) as they are committed, so an approver app follows them
 * live. The same stream and visibility rule as `events` (the kernel's rule for events).
 * @module
 */
import { builder } from '../builder.js';
import { AUTHENTICATED } from '../shared.js';
import { EventRef } from './event.js';

builder.subscriptionField('approvals', (t) =>
  t.field({
    type: EventRef,
    description:
      'CIBA approval requests and decisions (approval.requested, approval.decided) as they are committed, only those the credential may read. `data.status`: pending, approved or denied.',
    authScopes: AUTHENTICATED,
    args: {
      issuerId: t.arg.id(),
      after: t.arg.id({ description: 'An event id: first every approval event committed after it, then live.' }),
    },
    subscribe: (_root, { issuerId, after }, ctx) =>
      ctx.streams.stream(ctx.viewer, { types: ['approval.*'], ...(issuerId ? { issuerId } : {}) }, after ?? null, ctx.viewerDerivedAt),
    resolve: (event) => event,
  }),
);
