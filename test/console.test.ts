/**
 * The operator console in Debian's Chromium (issue 15 acceptance), with every non-loopback request
 * blocked: the setup link creates the first operator → sign in (code + PKCE on the system issuer's
 * hosted page) → create an issuer, an organization, a user, a membership and an organization API
 * key (the secret shown once, not after a reload) → a second tab's live event tail shows each
 * event → revoke the key → suspend the organization → sign out, after which the operator's access
 * token is refused. A read-only operator (invited from the console) sees everything and every
 * change is refused with a clear message. axe-core finds no serious or critical violation on any
 * screen, light or dark.
 *
 * Beyond the acceptance path: the setup enrols TOTP and the sign-in asks for the code; the owner
 * searches organizations on the server, edits a client and rotates its secret (shown once), gives
 * an agent a secret verifier (shown once) and revokes it, pages a webhook endpoint's deliveries
 * (a test event, every attempt with the receiver's response, redeliver), changes an operator's
 * role, suspends and reactivates them, and is refused demoting the last owner (LAST_OWNER).
 *
 * Needs /usr/bin/chromium (CHROMIUM_PATH to override); skipped with a message without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, type TestServer } from './helpers/server.js';
import { TEST_PASSWORD, acceptBySignUp } from './helpers/browser.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasBrowser = existsSync(chromiumPath);
if (!hasBrowser) {
  if (process.env.AUTHGRAPH_REQUIRE_BROWSER === '1')
    throw new Error(`Chromium is required but missing at ${chromiumPath} (apt-get install chromium)`);
  console.warn(`[authgraph] no Chromium at ${chromiumPath}: SKIPPING the console suite (apt-get install chromium)`);
}

const OWNER = 'owner@ops.example';
const READER = 'reader@ops.example';
/** how long a step may take on a loaded machine (not a performance assertion) */
const STEP = 15_000;

let server: TestServer;
let browser: Browser;
/** a local webhook receiver (loopback: the server runs with WEBHOOK_ALLOW_PRIVATE_NETWORKS) */
let receiver: Server;
let receiverUrl = '';
/** the owner's authenticator (enrolled at setup) */
let ownerTotp: TOTP;
/** every request the pages tried outside loopback (blocked) */
const blocked: string[] = [];

/** A browser context whose every non-loopback request is aborted (and recorded). */
async function isolatedContext(colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> {
  const context = await browser.newContext({ colorScheme });
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  return context;
}

/** No serious or critical axe-core violation on the page as it is now. */
async function expectAccessible(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${screen}: ${v.id} (${v.impact}) ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    ),
  ).toEqual([]);
}

async function signInOnHostedPage(page: Page, username: string, totp?: () => string) {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/authorize/, { timeout: STEP });
  await page.getByLabel('Email or username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (totp) {
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor({ timeout: STEP });
    await page.getByLabel('Authentication code', { exact: true }).fill(totp());
    await page.getByRole('button', { name: 'Verify' }).click();
  }
}

beforeAll(async () => {
  if (!hasBrowser) return;
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok from the receiver');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  server = await startServer({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
});

describe.skipIf(!hasBrowser)('operator console in Chromium', { timeout: 180_000 }, () => {
  let page: Page;
  let tail: Page;
  let ownerToken = '';
  let readerInvite = '';
  let orgPath = '';
  let issuerPath = '';
  let userId = '';

  /** Waits until the tail tab shows an event of `type` (after the action that makes it). */
  async function tailShows(type: string) {
    await tail
      .getByTestId('event-list')
      .locator('.event-type', { hasText: new RegExp(`^${type.replace('.', '\\.')}$`) })
      .first()
      .waitFor({ timeout: STEP });
  }

  it('the setup link creates the first operator, who signs in through the system issuer', async () => {
    const context = await isolatedContext();
    page = await context.newPage();
    const link = await server.app.services.operators.setupLink(server.url);
    await page.goto(link!);
    await expectAccessible(page, 'setup');
    await page.getByLabel('Email address', { exact: true }).fill(OWNER);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    // TOTP offered: the key shown as text (and an otpauth link), confirmed by a current code
    await page.getByRole('button', { name: 'Set up an authenticator app (TOTP)' }).click();
    const key = page.getByTestId('totp-secret');
    await key.waitFor({ timeout: STEP });
    expect(await page.getByRole('link', { name: 'otpauth link' }).getAttribute('href')).toMatch(/^otpauth:\/\/totp\//);
    ownerTotp = new TOTP({ secret: Secret.fromBase32((await key.textContent())!), algorithm: 'SHA1', digits: 6, period: 30 });
    await expectAccessible(page, 'setup with TOTP');
    await page.getByLabel('Code from the app', { exact: true }).fill(ownerTotp.generate());
    await page.getByRole('button', { name: 'Create operator' }).click();
    await page.getByRole('heading', { name: 'Your operator account is ready' }).waitFor({ timeout: STEP });
    // the setup used the current step: the sign-in answers with the next one (accepted within the window)
    await signInOnHostedPage(page, OWNER, () => ownerTotp.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('heading', { name: 'Issuers', level: 1 }).waitFor({ timeout: STEP });
    await page
      .getByTestId('operator-role')
      .filter({ hasText: /^owner$/ })
      .waitFor({ timeout: STEP });
    await expectAccessible(page, 'issuers');
    ownerToken = (await page.evaluate(() => sessionStorage.getItem('authgraph.console.accessToken'))) ?? '';
    expect(ownerToken.split('.')).toHaveLength(3);

    // the live tail in a second tab: signs in by single sign-on (the hosted session cookie)
    tail = await context.newPage();
    await tail.goto(`${server.url}/console/events`);
    await tail.getByRole('button', { name: 'Sign in' }).click();
    await tail.getByRole('heading', { name: 'Live events' }).waitFor({ timeout: STEP });
    await tail.getByTestId('tail-state').filter({ hasText: 'live' }).waitFor({ timeout: STEP });
    await expectAccessible(tail, 'events');
  });

  it('creates an issuer, an organization, a user, a membership and a key; the tail shows each event', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Acme production');
    await page.getByRole('button', { name: 'Create issuer' }).click();
    await tailShows('issuer.created');
    await page.getByRole('link', { name: 'Acme production', exact: true }).click();
    await page.getByRole('heading', { name: 'Issuer Acme production' }).waitFor({ timeout: STEP });
    issuerPath = new URL(page.url()).pathname;
    await expectAccessible(page, 'issuer');

    await page.getByLabel('New organization name', { exact: true }).fill('Globex');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('link', { name: 'Globex', exact: true }).waitFor({ timeout: STEP });
    await tailShows('organization.created');

    await page.getByLabel("New user's email", { exact: true }).fill('ada@globex.example');
    await page.getByRole('button', { name: 'Create user' }).click();
    const userLink = page.getByRole('link', { name: 'ada@globex.example' });
    await userLink.waitFor({ timeout: STEP });
    await tailShows('user.created');
    userId = (await userLink.getAttribute('href'))!.split('/').pop()!;

    // a typed error (ConflictError, field username) lands on the field it names
    await page.getByLabel("New user's email", { exact: true }).fill('ada@globex.example');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.locator('.field-error', { hasText: 'already taken' }).waitFor({ timeout: STEP });
    expect(await page.getByLabel("New user's email", { exact: true }).getAttribute('aria-invalid')).toBe('true');

    // organizations are searched on the server
    const search = page.getByLabel('Search organizations', { exact: true });
    await search.fill('lobe');
    await page.getByTestId('organizations').getByRole('link', { name: 'Globex', exact: true }).waitFor({ timeout: STEP });
    await search.fill('no-such-org');
    await page.getByText('No organization matches “no-such-org”.').waitFor({ timeout: STEP });
    await search.fill('');
    await page.getByTestId('organizations').getByRole('link', { name: 'Globex', exact: true }).waitFor({ timeout: STEP });

    await page.getByRole('link', { name: 'Globex', exact: true }).click();
    await page.getByRole('heading', { name: /^Globex/ }).waitFor({ timeout: STEP });
    orgPath = new URL(page.url()).pathname;
    await expectAccessible(page, 'organization');

    await page.getByLabel('User or agent id', { exact: true }).fill(userId);
    await page.getByLabel('Member scopes', { exact: true }).fill('invoices:read invoices:write');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('link', { name: 'ada@globex.example' }).waitFor({ timeout: STEP });
    await tailShows('organization.membership.created');

    await page.getByLabel('Key name', { exact: true }).fill('globex-backend');
    await page.getByLabel('Key scopes', { exact: true }).fill('invoices:read');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const secret = page.getByTestId('secret-value');
    await secret.waitFor({ timeout: STEP });
    expect(await secret.textContent()).toMatch(/^agk_/);
    await expect.poll(() => page.getByText('Copy it now.').count()).toBe(1);
    await tailShows('api-key.created');
    await expectAccessible(page, 'organization with a new key');

    // shown once: not after a reload
    await page.reload();
    await page.getByRole('button', { name: 'Revoke globex-backend' }).waitFor({ timeout: STEP });
    expect(await page.getByTestId('secret-value').count()).toBe(0);
  });

  it('edits a client and rotates its secret; gives an agent a secret verifier and revokes it (secrets shown once)', async () => {
    // the user screen (profile, memberships, sessions with their device, log out everywhere)
    await page.goto(`${server.url}/console/users/${userId}`);
    await page.getByRole('button', { name: 'Log out everywhere' }).waitFor({ timeout: STEP });
    await expectAccessible(page, 'user');

    await page.goto(`${server.url}${issuerPath}`);
    await page.getByRole('heading', { name: 'Issuer Acme production' }).waitFor({ timeout: STEP });
    await page.getByLabel('Client name', { exact: true }).fill('Billing web');
    await page.getByLabel('Redirect URIs', { exact: true }).fill('https://billing.example/callback');
    await page.getByRole('button', { name: 'Create client' }).click();
    await page.getByRole('link', { name: 'Billing web', exact: true }).click();
    await page.getByRole('heading', { name: 'Client Billing web' }).waitFor({ timeout: STEP });
    await page.getByLabel('Client name', { exact: true }).fill('Billing portal');
    await page.getByRole('button', { name: 'Save client' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved: .*name/ })
      .waitFor({ timeout: STEP });
    await tailShows('client.updated');
    // a typed error lands on the field it names
    await page.getByLabel('Redirect URIs', { exact: true }).fill('not a url');
    await page.getByRole('button', { name: 'Save client' }).click();
    await page.locator('.field-error').first().waitFor({ timeout: STEP });
    expect(await page.getByLabel('Redirect URIs', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByTestId('secret-value').waitFor({ timeout: STEP });
    await expectAccessible(page, 'client');
    await page.reload();
    await page.getByRole('heading', { name: 'Client Billing portal' }).waitFor({ timeout: STEP });
    expect(await page.getByTestId('secret-value').count()).toBe(0);

    await page.goto(`${server.url}${issuerPath}`);
    await page.getByLabel('Agent name', { exact: true }).fill('invoice-bot');
    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.getByRole('link', { name: 'invoice-bot', exact: true }).click();
    await page.getByRole('heading', { name: 'Agent invoice-bot' }).waitFor({ timeout: STEP });
    await page.getByRole('button', { name: 'Create secret verifier' }).click();
    await page.getByTestId('secret-value').waitFor({ timeout: STEP });
    const revoke = page.getByRole('button', { name: /^Revoke verifier agv_/ });
    await revoke.waitFor({ timeout: STEP });
    await expectAccessible(page, 'agent');
    await revoke.click();
    await page.getByRole('cell', { name: 'revoked', exact: true }).waitFor({ timeout: STEP });
  });

  it('sends a webhook test event and shows the delivery with every attempt and the response; redelivers', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('URL', { exact: true }).fill(receiverUrl);
    await page.getByLabel('organization.created', { exact: true }).check();
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByTestId('secret-value').waitFor({ timeout: STEP });
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByRole('status').filter({ hasText: 'Test event sent.' }).waitFor({ timeout: STEP });
    // the attempt is made in the background: open the list once it has happened
    await expect.poll(() => server.app.db.prisma.webhookAttempt.count(), { timeout: STEP }).toBeGreaterThan(0);
    await page.reload();
    await page.locator('summary', { hasText: /deliveries$/ }).click();
    const deliveries = page.getByTestId('deliveries');
    await deliveries.getByText('HTTP 200').first().waitFor({ timeout: STEP });
    expect(await deliveries.locator('pre.response').first().textContent()).toBe('ok from the receiver');
    await expectAccessible(page, 'webhooks with deliveries');
    await deliveries
      .getByRole('button', { name: /^Redeliver / })
      .first()
      .click();
    await page.getByRole('status').filter({ hasText: 'Delivery queued again.' }).waitFor({ timeout: STEP });
  });

  it('revokes the key and suspends the organization (events in the tail), then invites a read-only operator', async () => {
    await page.goto(`${server.url}${orgPath}`);
    await page.getByRole('heading', { name: /^Globex/ }).waitFor({ timeout: STEP });
    await page.getByRole('button', { name: 'Revoke globex-backend' }).click();
    await tailShows('api-key.revoked');
    await page.getByRole('button', { name: 'Suspend organization' }).click();
    await page.getByRole('button', { name: 'Reactivate organization' }).waitFor({ timeout: STEP });
    await tailShows('organization.suspended');

    // the delete confirmation lists what cascades (cancelled here)
    await page.getByRole('button', { name: 'Delete organization…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: STEP });
    expect(await dialog.textContent()).toMatch(/1 memberships.*1 organization API keys/s);
    await expectAccessible(page, 'delete confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: 'Operators' }).click();
    await page.getByRole('heading', { name: 'Operators', level: 1 }).waitFor({ timeout: STEP });
    await page.getByLabel('Email', { exact: true }).fill(READER);
    await page.getByLabel('Role', { exact: true }).selectOption('READ_ONLY');
    await page.getByRole('button', { name: 'Invite operator' }).click();
    const link = page.getByTestId('secret-value');
    await link.waitFor({ timeout: STEP });
    readerInvite = (await link.textContent())!;
    expect(readerInvite).toContain('/invitation?token=agi_');
    await expectAccessible(page, 'operators');

    // the invitee accepts; the owner manages them from the list
    expect((await acceptBySignUp(readerInvite, TEST_PASSWORD)).res.status).toBe(200);
    await page.reload();
    const readerRole = page.getByLabel(`Role of ${READER}`, { exact: true });
    await readerRole.waitFor({ timeout: STEP });
    expect(await readerRole.inputValue()).toBe('READ_ONLY');
    await readerRole.selectOption('ADMIN');
    await tailShows('organization.membership.updated');
    await expect.poll(() => readerRole.inputValue(), { timeout: STEP }).toBe('ADMIN');
    await readerRole.selectOption('READ_ONLY');
    await expect.poll(() => readerRole.inputValue(), { timeout: STEP }).toBe('READ_ONLY');
    await page.getByRole('button', { name: `Suspend ${READER}` }).click();
    await page.getByRole('button', { name: `Reactivate ${READER}` }).click();
    await page.getByRole('button', { name: `Suspend ${READER}` }).waitFor({ timeout: STEP });
    // the last owner cannot step down: the typed error shows in place, nothing changes
    await page.getByLabel(`Role of ${OWNER}`, { exact: true }).selectOption('ADMIN');
    await page.getByRole('alert').filter({ hasText: 'last active owner' }).waitFor({ timeout: STEP });
    await page.getByRole('button', { name: `Remove ${OWNER}…` }).click();
    await expectAccessible(page, 'remove operator confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expectAccessible(page, 'operators with actions');

    // your sign-in: the owner's TOTP (enrolled at setup) and the enrolment the other operators use
    await page.getByTestId('operator-role').getByRole('link', { name: 'owner' }).click();
    await page.getByRole('heading', { name: 'Your sign-in' }).waitFor({ timeout: STEP });
    await page.getByTestId('mfa-state').filter({ hasText: 'is enrolled' }).waitFor({ timeout: STEP });
    await expectAccessible(page, 'your sign-in');

    await tail.getByRole('button', { name: 'Pause' }).click();
    await tail.getByTestId('tail-state').filter({ hasText: 'paused' }).waitFor({ timeout: STEP });
    await tail.getByRole('button', { name: 'Resume' }).click();
    await tail.getByTestId('tail-state').filter({ hasText: 'live' }).waitFor({ timeout: STEP });
    // an event's JSON opens in place
    await tail.locator('.events summary').first().click();
    expect(JSON.parse((await tail.locator('.events pre').first().textContent())!)).toMatchObject({
      type: expect.any(String),
      id: expect.stringMatching(/^evt_/),
    });
  });

  it('signing out ends the session: the access token no longer works', async () => {
    const before = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` },
      body: JSON.stringify({ query: '{ currentOperator { role } }' }),
    });
    expect(before.status).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Authgraph console' }).waitFor({ timeout: STEP });
    const after = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` },
      body: JSON.stringify({ query: '{ currentOperator { role } }' }),
    });
    expect(after.status).toBe(401);
  });

  it('a read-only operator sees everything and every change is refused with a clear message (dark theme)', async () => {
    const context = await isolatedContext('dark');
    const reader = await context.newPage();
    // (the invitation was accepted above)
    await reader.goto(`${server.url}/console/`);
    await signInOnHostedPage(reader, READER);
    await reader.getByRole('heading', { name: 'Issuers', level: 1 }).waitFor({ timeout: STEP });
    await reader
      .getByTestId('operator-role')
      .filter({ hasText: /^read-only$/ })
      .waitFor({ timeout: STEP });
    await reader.getByRole('link', { name: 'Acme production', exact: true }).waitFor({ timeout: STEP });
    await expectAccessible(reader, 'issuers (read-only, dark)');

    await reader.getByLabel('Name', { exact: true }).fill('Not allowed');
    await reader.getByRole('button', { name: 'Create issuer' }).click();
    await reader.getByRole('alert').filter({ hasText: 'Read-only operator' }).waitFor({ timeout: STEP });

    await reader.goto(`${server.url}${orgPath}`);
    await reader.getByRole('button', { name: 'Reactivate organization' }).click();
    await reader.getByRole('alert').filter({ hasText: 'Read-only operator' }).waitFor({ timeout: STEP });
    expect(await reader.getByText('suspended', { exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(reader, 'organization (read-only, dark)');
    await context.close();
  });

  it('GraphiQL at /console/graphiql is served from the install', async () => {
    const res = await fetch(`${server.url}/console/graphiql`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('authgraph.console.accessToken');
    expect(html).not.toMatch(/https?:\/\/(unpkg|cdn|jsdelivr)/);
    // nothing the pages loaded came from outside loopback
    expect(blocked).toEqual([]);
  });
});
