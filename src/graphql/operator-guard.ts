/**
 * The edge of the operator rule (domain/authorization/operators.ts): a read-only operator's
 * mutation is refused before any resolver runs — one `FORBIDDEN` error with a message saying why,
 * nothing changed — over HTTP, SSE and graphql-ws alike (every transport executes through yoga).
 * @module
 */
import { GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { mayMutate, READ_ONLY_REFUSAL } from '../domain/authorization/operators.js';
import type { GraphQLContext } from './context.js';

/** Refuses every mutation of a viewer that may not mutate (a read-only operator). */
export function useOperatorRoles(): Plugin<GraphQLContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const viewer = (args.contextValue as Partial<GraphQLContext>).viewer;
      if (!viewer || mayMutate(viewer)) return;
      const operation = getOperationAST(args.document, args.operationName ?? undefined);
      if (operation?.operation !== 'mutation') return;
      setResultAndStopExecution({ data: null, errors: [new GraphQLError(READ_ONLY_REFUSAL, { extensions: { code: 'FORBIDDEN' } })] });
    },
  };
}
