/** Debian's Chromium, headless, as this machine allows it: no sandbox (root), no GPU, no background connections, a fresh profile. */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  // playwright gives every launch a fresh, empty profile of its own (and removes it on close).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { browser, close: () => browser.close() };
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A and AA rules on the page as it is now: none may fail. */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  // Evaluated through the DevTools protocol, so the page's Content-Security-Policy stays as it is.
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }).then((r) => r.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.map((n) => n.target.join(' ')).join(', ') + ')'))`,
  )) as string[];
  expect(violations, `axe on ${where}`).toEqual([]);
}

/** Screenshots of the main screens go here (not committed). */
export const SCREENSHOTS = path.resolve('test-output/screenshots');

/** Serves a handler on a free port of the loopback address (the browser reaches the service, or an identity provider, there); its base URL. */
export async function listenLocally(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function closeServer(server: http.Server | undefined): Promise<void> {
  return new Promise<void>((r) => (server ? server.close(() => r()) : r()));
}

/** The app served on the loopback address and Debian's Chromium: what a browser test starts with, and closes after (browser first). */
export async function serveInChromium(app: http.RequestListener): Promise<{ base: string; browser: Browser; close(): Promise<void> }> {
  const server = http.createServer(app);
  const base = await listenLocally(server);
  const chromium = await launchChromium();
  return {
    base,
    browser: chromium.browser,
    async close() {
      await chromium.close();
      await closeServer(server);
    },
  };
}
