/** A small GraphQL-over-HTTP client on fetch, for typed documents from codegen (test/gql). */
import type { TypedDocumentString } from '../gql/graphql.js';

export interface GraphQLResponse<T> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export type Doc<R, V> = TypedDocumentString<R, V> | string;

export interface GraphQLClient {
  /** Sends the operation; returns status, headers, data and errors as they came. */
  raw<R, V>(doc: Doc<R, V>, variables?: V, headers?: Record<string, string>): Promise<GraphQLResponse<R>>;
  /** Sends the operation and returns data, failing on any GraphQL error. */
  request<R, V>(doc: Doc<R, V>, variables?: V, headers?: Record<string, string>): Promise<R>;
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export function createClient(url: string, credential: { username: string; password: string } | null): GraphQLClient {
  const raw = async <R, V>(doc: Doc<R, V>, variables?: V, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(credential ? { authorization: basic(credential.username, credential.password) } : {}),
        ...headers,
      },
      body: JSON.stringify({ query: doc.toString(), variables }),
    });
    const text = await response.text();
    let body: { data?: R | null; errors?: GraphQLResponse<R>['errors'] } = {};
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`non-JSON response ${response.status}: ${text.slice(0, 200)}`);
    }
    return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
  };
  return {
    raw,
    async request(doc, variables, headers) {
      const res = await raw(doc, variables, headers);
      if (res.errors?.length || res.status !== 200 || !res.data) {
        throw new Error(`GraphQL request failed (${res.status}): ${JSON.stringify(res.errors)}`);
      }
      return res.data;
    },
  };
}
