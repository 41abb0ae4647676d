/**
 * How usernames are compared: the PRECIS UsernameCaseMapped profile (RFC 8265 §3.3, on the
 * framework of RFC 8264). Two usernames are the same when their comparison forms are equal; the
 * display form is kept as the person entered it.
 *
 * Preparation and enforcement (RFC 8265 §3.3.2, §3.3.3), in this order:
 * 1. width mapping: fullwidth and halfwidth code points become their decomposition mappings
 *    (`Ｇｒａｃｅ` → `Grace`, RFC 8264 §9.2);
 * 2. case mapping: Unicode `toLowerCase()` (RFC 8264 §9.3; JavaScript's `String.prototype
 *    .toLowerCase` is that operation, locale-independent);
 * 3. normalization: NFC (RFC 8264 §9.4);
 * 4. the result must be an identifier (RFC 8264 §4.2, IdentifierClass): we allow letters, marks,
 *    digits and `.`, `_`, `-` (no spaces, symbols or controls), 2 to 64 code points.
 *
 * Email-address usernames are compared with a case-insensitive domain and NFC (they are stored
 * lowercased by the email rule, see ./validation.ts, so the whole address compares insensitively);
 * phone numbers are E.164 digits and compare as they are.
 *
 * The migration that introduced the comparison form computes the same values in SQL for the data
 * that existed then (prisma/migrations/*_cors_username_normalized_key_activation).
 * @module
 */

/** Fullwidth and halfwidth forms (U+FF01–U+FFEE) and the ideographic space: the `<wide>`/`<narrow>` code points. */
const WIDTH_FORMS = /[\u3000\uFF01-\uFFEE]/g;

/** RFC 8264 §9.2: each fullwidth or halfwidth code point replaced by its compatibility decomposition. */
export function mapWidth(value: string): string {
  return value.replace(WIDTH_FORMS, (ch) => ch.normalize('NFKC'));
}

/** The comparison form of a `username`-type username under UsernameCaseMapped (steps 1–3). */
export function usernameCaseMapped(value: string): string {
  return mapWidth(value).toLowerCase().normalize('NFC');
}

/** Step 4: letters, marks, digits, `.`, `_`, `-`; 2–64 code points. */
const IDENTIFIER = /^[\p{L}\p{M}\p{Nd}._-]{2,64}$/u;

/** Whether a comparison form is an allowed username (RFC 8264 IdentifierClass, narrowed). */
export function isValidUsername(normalized: string): boolean {
  return IDENTIFIER.test(normalized);
}

export type UsernameType = 'email' | 'phone' | 'username';

/**
 * The comparison form of a username of `type` (see the module comment): what uniqueness and
 * sign-in compare. For an email address: lowercase (domain and, as the email rule already does,
 * local part) and NFC; a phone number compares as entered.
 */
export function normalizeUsername(type: UsernameType, value: string): string {
  const trimmed = value.trim();
  if (type === 'username') return usernameCaseMapped(trimmed);
  // the email rule already lowercases the whole address (domain included); NFC on top
  if (type === 'email') return trimmed.toLowerCase().normalize('NFC');
  return trimmed;
}

/**
 * The comparison forms a sign-in name may have, whatever type the user registered with: the
 * sign-in page does not know which, so it looks up each (deduplicated).
 */
export function signInCandidates(value: string): string[] {
  return [...new Set([normalizeUsername('username', value), normalizeUsername('email', value), normalizeUsername('phone', value)])];
}
