import { content, expect, shot, test } from './fixtures';

// Issue 15, item 6: the public store page needs no sign-in and reads on a phone.
const WIDTH = 390;

test.describe('the public store page on a 390 px phone', () => {
  test.use({ viewport: { width: WIDTH, height: 844 } });

  test('shows a live campaign copy without signing in, with no sideways scrolling', async ({ page, request }) => {
    // NW-008 has the demo's live Holiday Promo; its copy is read from the public API so the check follows the seed.
    const api = await request.get('/api/v1/public/brands/northwind/locations/NW-008');
    expect(api.status()).toBe(200);
    expect(api.headers()['cache-control']).toContain('public');
    const body = (await api.json()) as { store: { name: string }; campaigns: { name: string; content: string }[] };
    expect(body.campaigns.length).toBeGreaterThan(0);

    await page.goto('/s/northwind/NW-008');
    await expect(page.getByRole('heading', { name: body.store.name, level: 1 })).toBeVisible();
    const first = body.campaigns[0];
    await expect(page.getByRole('heading', { name: first.name })).toBeVisible();
    await expect(page.getByText(first.content.split('\n')[0].slice(0, 60), { exact: false })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0); // outside the app shell
    await expect(content(page)).toHaveCount(0);
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
    expect(widths.page, 'no sideways scrolling').toBeLessThanOrEqual(WIDTH);
    expect(widths.body, 'no sideways scrolling').toBeLessThanOrEqual(WIDTH);
    await shot(page, 'public-store-page-390');
  });

  test('an unknown store says so', async ({ page }) => {
    await page.goto('/s/northwind/NO-SUCH-STORE');
    await expect(page.getByRole('heading', { name: 'Store not found' })).toBeVisible();
  });
});
