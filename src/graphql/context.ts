/** The GraphQL context: one per request, built after the credential was verified. @module */
import type { PrismaClient } from '../data/database.js';
import type { Viewer } from '../domain/viewer.js';
import type { Services } from '../services.js';
import type { Loaders } from './loaders.js';
import type { Whoami } from '../domain/whoami.js';
import type { EventStreams } from '../events/subscriptions.js';

export interface GraphQLContext {
  viewer: Viewer;
  /**
   * `streams.authorityMark()` read before `viewer` was derived (graphql-ws operations); a live
   * stream opened with it derives the viewer again if authority changed meanwhile. Absent for
   * HTTP requests: a stream then derives it again when it starts.
   */
  viewerDerivedAt?: number;
  prisma: PrismaClient;
  services: Services;
  loaders: Loaders;
  /** live event streams (subscriptions) */
  streams: EventStreams;
  /** the viewer described (organizations, scopes), loaded once per request */
  whoami(): Promise<Whoami>;
  /** counts this request as a successful verification (metered api-key.verified) */
  recordVerified(): void;
  /** `{PUBLIC_URL}`: issuer X's endpoints are under `${publicUrl()}/${X}` */
  publicUrl(): string;
  /** last-used time of a credential not yet written to the database */
  lastUsed(credentialId: string): Date | null;
}
