/** Assembles the schema: imports every entity file for its side effects, then builds. @module */
import { GraphQLObjectType, lexicographicSortSchema } from 'graphql';
import { assertEveryNodeIsGoverned } from '../domain/authorization/visibility.js';
import { builder } from './builder.js';
import './errors.js';
import './types/account.js';
import './types/api-key.js';
import './types/personal-token.js';
import './types/issuer.js';
import './types/client.js';
import './types/agent.js';
import './types/signing-key.js';
import './types/organization.js';
import './types/user.js';
import './types/user-credentials.js';
import './types/session.js';
import './types/membership.js';
import './types/invitation.js';
import './types/event.js';
import './types/webhook.js';
import './types/resource.js';
import './types/grant.js';
import './types/client-registration.js';
import './types/operator.js';
import './types/delegation.js';
import './types/approval.js';

export const schema = lexicographicSortSchema(builder.toSchema());

// Every Node type must have a visibility rule in the authorization kernel before the server starts.
assertEveryNodeIsGoverned(
  Object.values(schema.getTypeMap())
    .filter((type): type is GraphQLObjectType => type instanceof GraphQLObjectType && type.getInterfaces().some((i) => i.name === 'Node'))
    .map((type) => type.name),
);
