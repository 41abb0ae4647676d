/**
 * The MFA policy in force for a sign-in: the issuer's and the organization's settings combined.
 * A leaf module: credentials (the sign-in flow) and sessions (organization switches) both ask it.
 * @module
 */

export type MfaPolicy = 'off' | 'optional' | 'required';
export type OrganizationMfaPolicy = 'inherit' | MfaPolicy;

const POLICY_RANK: Record<MfaPolicy, number> = { off: 0, optional: 1, required: 2 };

/**
 * The MFA policy in force: the issuer's, unless the organization sets its own, in which case the
 * stricter of the two wins. An organization can require MFA under an issuer that is `optional`
 * or even `off`, and can never loosen an issuer that requires it.
 */
export function effectiveMfaPolicy(issuerPolicy: string, organizationPolicy?: string | null): MfaPolicy {
  const issuer = asPolicy(issuerPolicy);
  if (!organizationPolicy || organizationPolicy === 'inherit') return issuer;
  const org = asPolicy(organizationPolicy);
  return POLICY_RANK[org] > POLICY_RANK[issuer] ? org : issuer;
}

function asPolicy(value: string): MfaPolicy {
  // an unknown stored value is treated as the strictest, never as off
  return value === 'off' || value === 'optional' ? value : 'required';
}
