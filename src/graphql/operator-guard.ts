/**
 * The edge of the operator rule (domain/authorization/operators.ts): a read-only operator's
 * mutation is refused before any resolver runs — one `FORBIDDEN` error with a message saying why,
 * nothing changed — over HTTP, SSE and graphql-ws alike (every transport executes through yoga).
 * @module
 */
import { GraphQLError, getOperationAST, Kind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { mayMutate, OWN_SIGN_IN_MUTATIONS, READ_ONLY_REFUSAL } from '../domain/authorization/operators.js';
import type { GraphQLContext } from './context.js';

/**
 * Refuses every mutation of a viewer that may not mutate (a read-only operator), except an
 * operation made only of the own-sign-in mutations (`OWN_SIGN_IN_MUTATIONS`: their own TOTP),
 * which the domain then limits to their own user.
 */
export function useOperatorRoles(): Plugin<GraphQLContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const viewer = (args.contextValue as Partial<GraphQLContext>).viewer;
      if (!viewer || mayMutate(viewer)) return;
      const operation = getOperationAST(args.document, args.operationName ?? undefined);
      if (operation?.operation !== 'mutation') return;
      const ownSignInOnly = operation.selectionSet.selections.every(
        (s) => s.kind === Kind.FIELD && (OWN_SIGN_IN_MUTATIONS.has(s.name.value) || s.name.value === '__typename'),
      );
      if (ownSignInOnly) return;
      setResultAndStopExecution({ data: null, errors: [new GraphQLError(READ_ONLY_REFUSAL, { extensions: { code: 'FORBIDDEN' } })] });
    },
  };
}
