/**
 * The HTML of the hosted pages: sign-in, second factor, messages and sign-out. Plain semantic
 * markup that works without JavaScript: every field has a label and the autocomplete token
 * password managers and one-time-code autofill look for, errors are in a `role="alert"` region
 * the fields point to, and the one style sheet is inline (its hash is what the CSP allows).
 *
 * Every interpolated value goes through `escapeHtml`, attributes are always double-quoted.
 * Forms post to a relative URL (`authorize`, `end_session`), which resolves against the page's
 * own address whatever prefix a proxy adds.
 * @module
 */
import { createHash } from 'node:crypto';

const CSS = [
  ':root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5}',
  'body{margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;background:Canvas;color:CanvasText}',
  'main{width:100%;max-width:22rem;padding:2rem 1.5rem}',
  'h1{font-size:1.5rem;margin:0 0 .25rem}',
  'p{margin:.25rem 0 1rem}',
  'label{display:block;font-weight:600;margin:1rem 0 .25rem}',
  'input{box-sizing:border-box;width:100%;padding:.6rem;font:inherit;border:1px solid GrayText;border-radius:.375rem}',
  'button{margin-top:1.25rem;width:100%;padding:.65rem;font:inherit;font-weight:600;border:0;border-radius:.375rem;background:#1f4fd1;color:#fff;cursor:pointer}',
  'button:focus-visible,input:focus-visible{outline:3px solid #7aa2ff;outline-offset:2px}',
  '.alert{border-left:4px solid #c62828;padding:.5rem .75rem;margin:1rem 0;background:color-mix(in srgb,#c62828 10%,Canvas)}',
  '.alert:empty{display:none}',
  '.hint{font-size:.875rem;margin:.25rem 0 0}',
  'details{margin-top:1.5rem}',
  'summary{cursor:pointer}',
].join('\n');

/** The `style-src` source that allows exactly the inline style sheet above. */
export const STYLE_HASH = `sha256-${createHash('sha256').update(CSS).digest('base64')}`;

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A page: its title and its body markup. */
export interface Layout {
  title: string;
  /** trusted markup (built from escaped values only) */
  body: string;
}

/** The page shell every hosted page shares (the inline style sheet the CSP allows by hash). */
export function layout({ title, body }: Layout): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The error region: always present (so fields can point to it), shown only with a message. */
export function alertRegion(error: string | null): string {
  return `<div id="error" class="alert" role="alert">${error ? escapeHtml(error) : ''}</div>`;
}

/** `aria-describedby`/`aria-invalid` for a field when the page shows an error. */
export function invalid(error: string | null): string {
  return error ? ' aria-invalid="true" aria-describedby="error"' : '';
}

/** A hidden form field. */
export const hidden = (name: string, value: string) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;

export interface SignInPage {
  clientName: string;
  /** the sealed form state (./state.ts) */
  stateToken: string;
  username: string | null;
  error: string | null;
}

/** Step one: username and password. */
export function signInPage(page: SignInPage): string {
  const focusPassword = page.username !== null && page.username !== '';
  return layout({
    title: `Sign in to ${page.clientName}`,
    body: `<h1>Sign in</h1>
<p>to continue to <strong>${escapeHtml(page.clientName)}</strong></p>
${alertRegion(page.error)}
<form method="post" action="authorize">
${hidden('ag_state', page.stateToken)}
<label for="username">Email or username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="320" required${focusPassword ? '' : ' autofocus'} value="${escapeHtml(page.username ?? '')}"${invalid(page.error)}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" maxlength="4096" required${focusPassword ? ' autofocus' : ''}${invalid(page.error)}>
<button type="submit">Sign in</button>
</form>`,
  });
}

export interface SecondFactorPage {
  clientName: string;
  stateToken: string;
  error: string | null;
}

/** Step two: a code from the authenticator app, or (folded away) a backup code. */
export function secondFactorPage(page: SecondFactorPage): string {
  return layout({
    title: `Two-step verification – ${page.clientName}`,
    body: `<h1>Two-step verification</h1>
<p>Enter the 6-digit code from your authenticator app to continue to <strong>${escapeHtml(page.clientName)}</strong>.</p>
${alertRegion(page.error)}
<form method="post" action="authorize">
${hidden('ag_state', page.stateToken)}
<label for="code">Authentication code</label>
<input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9 ]*" autocomplete="one-time-code" maxlength="12" required autofocus${invalid(page.error)}>
<button type="submit">Verify</button>
</form>
<details>
<summary>Use a backup code instead</summary>
<form method="post" action="authorize">
${hidden('ag_state', page.stateToken)}
<label for="backup_code">Backup code</label>
<input id="backup_code" name="backup_code" type="text" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="40" required aria-describedby="backup_hint">
<p id="backup_hint" class="hint">Each backup code works once.</p>
<button type="submit">Verify backup code</button>
</form>
</details>`,
  });
}

/** A page with a heading and one message (errors and notices). */
export function messagePage(title: string, message: string, options: { alert?: boolean } = {}): string {
  const text = options.alert ? alertRegion(message) : `<p>${escapeHtml(message)}</p>`;
  return layout({ title, body: `<h1>${escapeHtml(title)}</h1>\n${text}` });
}

/** RP-initiated logout without proof of who asks: the person confirms. */
export function signOutConfirmPage(stateToken: string): string {
  return layout({
    title: 'Sign out',
    body: `<h1>Sign out?</h1>
<p>An application asked to sign you out of this sign-in service.</p>
<form method="post" action="end_session">
${hidden('ag_state', stateToken)}
<button type="submit">Sign out</button>
</form>`,
  });
}
