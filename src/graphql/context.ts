/** The GraphQL context: one per request, built after the credential was verified. @module */
import type { PrismaClient } from '../data/database.js';
import type { Viewer } from '../domain/viewer.js';
import type { Services } from '../domain/services.js';
import type { Loaders } from './loaders.js';

export interface GraphQLContext {
  viewer: Viewer;
  prisma: PrismaClient;
  services: Services;
  loaders: Loaders;
}
