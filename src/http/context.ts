/**
 * What the Core API pipeline knows about a request besides the request itself: the node objects
 * it came on and what the plugins established (yoga's server context, as `graphql-yoga`'s node
 * listener builds it from `req`/`res`, extended by src/http/use-*.ts).
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticated } from './authenticate.js';

export interface CoreServerContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** set by useCredential: who is calling (absent only for the GraphiQL page) */
  authentication?: Authenticated;
}
