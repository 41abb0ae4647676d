/**
 * Drives the hosted sign-in page with plain fetch, like a browser without JavaScript: open the
 * authorization URL, submit the form with the CSRF cookie it set, read the redirect. For suites
 * that need a real code from the real page (the hosted page itself has its own suite).
 */
import { createHash, randomBytes } from 'node:crypto';

export const PASSWORD = 'violet-anchor-quartz-88';

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The Location of a completed sign-in: the redirect URI with code (or error), state, iss. */
export async function signInAt(
  authorizeUrl: string,
  username: string,
  password = PASSWORD,
): Promise<{ status: number; location: string | null; body: string }> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) return { status: page.status, location: page.headers.get('location'), body: html };
  const state = /name="ag_state" value="([^"]+)"/.exec(html)?.[1];
  if (!state) throw new Error(`no sign-in form: ${html.slice(0, 200)}`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const action = new URL('authorize', authorizeUrl.split('?')[0]!.replace(/authorize$/, '')).toString();
  const done = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ ag_state: state, username, password }),
  });
  return { status: done.status, location: done.headers.get('location'), body: await done.text() };
}
