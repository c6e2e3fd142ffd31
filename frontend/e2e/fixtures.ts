import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';

export const PASSWORD = process.env.STORESYNC_DEMO_PASSWORD ?? 'StoreSync!2026';
export const SCREENSHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'e2e-screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** Unique per run, so a scenario can find exactly its own campaigns even in a reused database. */
export const RUN = `${Date.now().toString(36)}`;

/** The app's main navigation: navigation clicks go through it, so a dashboard card or page link of the same name never matches too. */
export const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
/** The page's own content, without the navigation and header. */
export const content = (page: Page) => page.locator('main#main');

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

// Tokens per demo user, fetched once per run: sign-in is rate limited per client address.
const sessions = new Map<string, Tokens>();

export async function apiLogin(request: APIRequestContext, username: string): Promise<Tokens> {
  const cached = sessions.get(username);
  if (cached) return cached;
  const res = await request.post('/api/v1/auth/token', { data: { username, password: PASSWORD } });
  expect(res.status(), `sign-in of ${username}`).toBe(200);
  const body = (await res.json()) as Tokens;
  const tokens = { accessToken: body.accessToken, refreshToken: body.refreshToken };
  sessions.set(username, tokens);
  return tokens;
}

export async function apiGet<T>(request: APIRequestContext, tokens: Tokens, path: string): Promise<T> {
  const res = await request.get(`/api/v1${path}`, { headers: { Authorization: `Bearer ${tokens.accessToken}` } });
  expect(res.status(), `GET ${path}`).toBe(200);
  return (await res.json()) as T;
}

/** Start the page signed in as a user without going through the form (same storage the app uses). */
export async function useSession(page: Page, request: APIRequestContext, username: string) {
  const tokens = await apiLogin(request, username);
  await page.addInitScript((t) => {
    if (!sessionStorage.getItem('storesync.e2e.seeded')) {
      localStorage.setItem('storesync.session', JSON.stringify(t));
      sessionStorage.setItem('storesync.e2e.seeded', '1');
    }
  }, tokens);
}

/** Sign in through the login form, as a person would. */
export async function login(page: Page, username: string) {
  await page.goto('/login');
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(mainNav(page)).toBeVisible();
}

export async function logout(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: /^Account menu/ }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to your account', exact: true })).toBeVisible();
}

export async function shot(page: Page, name: string) {
  // Scrolled pages capture fixed and sticky parts at the wrong offset in a full-page image.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// Network failures the app handles on purpose (a 404 for another brand's object, the 401 that
// triggers a token refresh) are logged by Chromium as "Failed to load resource"; anything else
// on the console is a bug.
const EXPECTED = /Failed to load resource: the server responded with a status of (401|403|404|409|412)/;

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !EXPECTED.test(msg.text())) errors.push(msg.text());
      });
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
