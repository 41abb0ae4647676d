/** Typed documents for the console from the committed schema (GraphQL Code Generator client preset). */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['packages/console/src/**/*.tsx', 'packages/console/src/**/*.ts', '!packages/console/src/gql/**'],
  generates: {
    'packages/console/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
  emitLegacyCommonJSImports: false,
  ignoreNoDocuments: true,
};
export default config;
