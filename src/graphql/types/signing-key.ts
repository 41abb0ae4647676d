/**
 * SigningKey: public facts about an issuer's signing keys (`Issuer.signingKeys`) and
 * `rotateSigningKeys`. Private keys never leave the database (sealed under the master key).
 * @module
 */
import { builder } from '../builder.js';
import { IssuerRef } from './issuer.js';
import { ValidationError, NotFoundError } from '../../domain/errors.js';
import { ACCOUNT_ONLY } from '../shared.js';
import type { Issuer, SigningKey } from '../../generated/prisma/client.js';

type SigningKeyInfo = Pick<SigningKey, 'id' | 'alg' | 'createdAt' | 'rotatedAt' | 'activatesAt' | 'verifyUntil'> & {
  status: SigningKey['status'] | 'next';
};

const SigningKeyStatusEnum = builder.enumType('SigningKeyStatus', {
  values: {
    NEXT: { value: 'next', description: 'Published in JWKS ahead of use; signs from activatesAt.' },
    CURRENT: { value: 'current', description: 'Signs new tokens.' },
    PREVIOUS: { value: 'previous', description: 'Retired from signing; still published in JWKS until verifyUntil.' },
    RETIRED: { value: 'retired', description: 'No longer published.' },
  } as const,
});

const SigningKeyRef = builder.objectRef<SigningKeyInfo>('SigningKey').implement({
  description: 'A signing key of an issuer (public information only).',
  fields: (t) => ({
    kid: t.exposeID('id', { description: 'The JWS `kid` of tokens it signs.' }),
    alg: t.exposeString('alg'),
    status: t.expose('status', { type: SigningKeyStatusEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    rotatedAt: t.expose('rotatedAt', { type: 'DateTime', nullable: true }),
    activatesAt: t.expose('activatesAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it starts signing (a rotation publishes the next key ahead of this); null: since it was made.',
    }),
    verifyUntil: t.expose('verifyUntil', {
      type: 'DateTime',
      nullable: true,
      description: 'For a previous key: when it leaves JWKS (every token it signed has expired by then).',
    }),
  }),
});

builder.objectField(IssuerRef, 'signingKeys', (t) =>
  t.field({
    type: [SigningKeyRef],
    authScopes: ACCOUNT_ONLY,
    description:
      'The keys published in JWKS now, newest first: next ones (published ahead of a rotation, signing from activatesAt), the current ones (the signingAlg key, and one per other alg a client registered for its ID tokens), then previous ones still inside their window.',
    resolve: (issuer, _args, ctx) => ctx.services.signingKeys.listVerifying(issuer.id),
  }),
);

const RotateSigningKeysInput = builder.inputType('RotateSigningKeysInput', { fields: (t) => ({ issuerId: t.id({ required: true }) }) });

const RotateSigningKeysPayload = builder
  .objectRef<{ issuer: Issuer; current: SigningKeyInfo; previous: string[]; activatesAt: Date; verifyUntil: Date }>(
    'RotateSigningKeysPayload',
  )
  .implement({
    fields: (t) => ({
      issuer: t.field({ type: IssuerRef, resolve: (p) => p.issuer }),
      kid: t.id({
        description: "The next key id of the issuer's signingAlg: published now, signing from activatesAt.",
        resolve: (p) => p.current.id,
      }),
      signingKey: t.field({ type: SigningKeyRef, resolve: (p) => ({ ...p.current, status: 'next' as const }) }),
      activatesAt: t.expose('activatesAt', {
        type: 'DateTime',
        description: 'When the next keys start signing: two JWKS cache lifetimes from now, so every verifier has them first.',
      }),
      previousKids: t.idList({
        description: 'The keys it replaced; they keep verifying until previousVerifyUntil.',
        resolve: (p) => p.previous,
      }),
      previousVerifyUntil: t.expose('verifyUntil', { type: 'DateTime' }),
    }),
  });

builder.mutationField('rotateSigningKeys', (t) =>
  t.field({
    type: RotateSigningKeysPayload,
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: RotateSigningKeysInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.signingKeyRotation.rotate(ctx.viewer, input),
  }),
);
