// GraphQL Code Generator for the SDK: typed documents (as strings, so the SDK needs no graphql
// runtime) from the repository's schema.graphql. Run from the repository root: `npm run codegen`.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['packages/sdk/src/**/*.ts', '!packages/sdk/src/gql/**'],
  emitLegacyCommonJSImports: false,
  generates: {
    'packages/sdk/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: { DateTime: 'string', JSONObject: 'Record<string, unknown>', JSON: 'unknown', ID: 'string' },
      },
    },
  },
};

export default config;
