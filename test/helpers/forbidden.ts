/**
 * Mutations as a given credential, reading the typed error of KERNEL-SPEC "Attenuation":
 * `ForbiddenError` (implements Error; code FORBIDDEN; `field` = the input field name).
 *
 * The document asks for `... on ForbiddenError { field }`. Where the schema has no such type yet,
 * that document is refused as a whole, which would hide what the mutation does; the helper then
 * sends it again without that fragment so the test sees (and fails on) the real outcome, with
 * `field` reported as missing.
 */
import { gqlAs } from './tenants.js';
import type { TestServer } from './server.js';

export interface MutationOutcome {
  /** the result's __typename: *Payload, ForbiddenError, NotFoundError, … */
  typename: string;
  code: string | null;
  message: string | null;
  /** ForbiddenError.field; `<no ForbiddenError type>` when the schema lacks it */
  field: string | null;
  /** the whole result object (payload or error) */
  result: Record<string, any>;
  /** GraphQL-level errors, if any */
  errors: any[] | undefined;
}

const NO_TYPE = '<no ForbiddenError type>';

export async function mutateAs(
  server: TestServer,
  authorization: string,
  field: string,
  inputType: string,
  input: Record<string, unknown>,
  payloadSelection: string,
): Promise<MutationOutcome> {
  const payloadType = `${field[0]!.toUpperCase()}${field.slice(1)}Payload`;
  const doc = (withForbidden: boolean) =>
    `mutation As_${field}($input: ${inputType}!) { ${field}(input: $input) { __typename ... on Error { code message } ${withForbidden ? '... on ForbiddenError { field }' : ''} ... on NotFoundError { resourceId } ... on ${payloadType} { ${payloadSelection} } } }`;
  let res = await gqlAs(server, authorization, doc(true), { input });
  let missingType = false;
  if (!res.data && JSON.stringify(res.errors ?? []).includes('ForbiddenError')) {
    missingType = true;
    res = await gqlAs(server, authorization, doc(false), { input });
  }
  const result = res.data?.[field] ?? {};
  return {
    typename: result.__typename ?? `<no result: ${JSON.stringify(res.errors).slice(0, 300)}>`,
    code: result.code ?? null,
    message: result.message ?? null,
    field:
      missingType && result.__typename !== undefined && !String(result.__typename).endsWith('Payload') ? NO_TYPE : (result.field ?? null),
    result,
    errors: res.errors,
  };
}
