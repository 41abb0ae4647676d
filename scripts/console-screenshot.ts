/**
 * Captures the README's screenshot of the operator console (docs/console.png): an embedded server
 * (in-memory PGlite) with one issuer and a few organizations, an operator signed in through the
 * console like a person, the issuer's page (discovery link, signing keys, the searched
 * organizations list). Debian's Chromium through playwright-core, every non-loopback request
 * blocked; the viewport is small and the PNG is written once, so the file stays small.
 *
 *   npx tsx scripts/console-screenshot.ts [out.png]     (CHROMIUM_PATH to override /usr/bin/chromium)
 * Needs a built console (npm run build:packages).
 * @module
 */
import { statSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startBenchServer } from '../bench/lib/common.js';

const OUT = process.argv[2] ?? 'docs/console.png';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'violet-anchor-quartz-88';
const ORGANIZATIONS = ['Acme Corp', 'Acme Labs', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries'];

async function gql(url: string, authorization: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data: Record<string, any> };
}

const server = await startBenchServer();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const issuer = await gql(
    server.url,
    server.authorization,
    'mutation($input: CreateIssuerInput!) { createIssuer(input: $input) { ... on CreateIssuerPayload { issuer { id } } } }',
    { input: { name: 'Acme production' } },
  );
  const issuerId = issuer.data.createIssuer.issuer.id as string;
  for (const name of ORGANIZATIONS)
    await gql(
      server.url,
      server.authorization,
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { __typename } }',
      { input: { issuerId, name } },
    );
  const link = await server.app.services.operators.setupLink(server.url);
  await server.app.services.operators.completeSetup({
    token: new URL(link!).hash.replace('#token=', ''),
    email: 'owner@ops.example',
    password: PASSWORD,
  });
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, colorScheme: 'light' });
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
  const page = await context.newPage();
  await page.goto(`${server.url}/console/`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Email or username').fill('owner@ops.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Issuers', level: 1 }).waitFor({ timeout: 30_000 });
  await page.goto(`${server.url}/console/issuers/${issuerId}`);
  await page.getByLabel('Search organizations', { exact: true }).fill('acme');
  await page.getByText('2 of 2 shown').waitFor({ timeout: 30_000 });
  await page.getByLabel('Search organizations', { exact: true }).blur();
  // from the top of the page to the end of the organizations list
  const list = await page.getByTestId('organizations').boundingBox();
  await page.screenshot({
    path: OUT,
    type: 'png',
    fullPage: true,
    clip: { x: 0, y: 0, width: 1100, height: Math.ceil(list!.y + list!.height + 24) },
  });
  console.log(`wrote ${OUT} (${Math.round(statSync(OUT).size / 1024)} KB)`);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
