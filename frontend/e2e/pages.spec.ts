import { apiGet, apiLogin, content, expect, mainNav, RUN, shot, test, useSession, type Tokens } from './fixtures';

/** The demo data has a few dozen campaigns; roll templates out until a 100-row page can be filled. */
async function ensureCampaigns(request: import('@playwright/test').APIRequestContext, tokens: Tokens, atLeast: number) {
  const total = async () => (await apiGet<{ total: number }>(request, tokens, '/campaigns?pageSize=1')).total;
  const brands = await apiGet<{ items: { id: string; slug: string }[] }>(request, tokens, '/brands');
  const brand = brands.items.find((b) => b.slug === 'northwind') ?? brands.items[0];
  const templates = await apiGet<{ items: { id: string }[] }>(request, tokens, `/templates?brandId=${brand.id}&isActive=true&pageSize=20`);
  for (let round = 0; round < 3; round++) {
    for (const t of templates.items) {
      if ((await total()) >= atLeast) return;
      // A template whose required variables have no usable default answers 400; the next one may do.
      await request.post('/api/v1/campaigns/bulk', {
        headers: { Authorization: `Bearer ${tokens.accessToken}` },
        data: { templateId: t.id, locationFilter: { isActive: true }, customizations: {}, name: `E2E load ${RUN}-${round}` },
      });
    }
  }
  expect(await total(), 'campaigns for a 100-row page').toBeGreaterThanOrEqual(atLeast);
}

// Screenshots of the main pages plus the speed budgets of the issue, measured in the real browser.
test.describe('main pages', () => {
  test('dashboard paints meaningful content within 1.5 s', async ({ page, request }) => {
    await useSession(page, request, 'admin');
    await page.goto('/'); // warm: the first visit also signs the session in
    await expect(page.getByTestId('dashboard-stats')).toBeVisible();

    await page.goto('/');
    await expect(page.getByTestId('dashboard-stats').getByText('Approvals waiting')).toBeVisible();
    const timing = await page.evaluate(
      () =>
        new Promise<{ ready: number; fcp: number | null }>((resolve) => {
          const check = () => {
            const ready = performance.getEntriesByName('storesync:dashboard-ready')[0];
            if (!ready) return void setTimeout(check, 50);
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            resolve({ ready: ready.startTime, fcp: fcp ? fcp.startTime : null });
          };
          check();
        }),
    );
    console.log(`dashboard: first contentful paint ${timing.fcp?.toFixed(0)} ms, stats rendered ${timing.ready.toFixed(0)} ms`);
    expect(timing.ready).toBeLessThan(1500);
    await page.getByRole('img', { name: /Campaigns by status/ }).waitFor();
    await shot(page, '01-dashboard');
  });

  test('the campaigns page renders 100 rows without long tasks', async ({ page, request }) => {
    await ensureCampaigns(request, await apiLogin(request, 'bm.northwind'), 101);
    await useSession(page, request, 'admin');
    await page.goto('/');
    await page.evaluate(() => {
      (window as unknown as { __longTasks: number[] }).__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => (window as unknown as { __longTasks: number[] }).__longTasks.push(e.duration))).observe({
        type: 'longtask',
        buffered: false,
      });
    });
    await mainNav(page).getByRole('link', { name: 'Campaigns', exact: true }).click();
    const rows = content(page).getByRole('table', { name: 'Campaigns' }).getByRole('row');
    await expect(rows.nth(1)).toBeVisible();
    const summary = await page.getByRole('navigation', { name: 'Pagination' }).innerText();
    const total = Number(/of\s+([\d,]+)/.exec(summary)?.[1].replace(/,/g, '') ?? 0);
    const expected = Math.min(100, total);

    await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
    const started = Date.now();
    await content(page).getByLabel('Rows per page', { exact: true }).selectOption('100');
    await expect(rows).toHaveCount(expected + 1);
    const elapsed = Date.now() - started;
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    console.log(`campaigns: ${expected} rows (of ${total}) in ${elapsed} ms; long tasks: ${longTasks.map((d) => d.toFixed(0)).join(', ') || 'none'}`);
    expect(expected).toBeGreaterThan(20);
    expect(Math.max(0, ...longTasks)).toBeLessThan(250);
    await shot(page, '02-campaigns');
  });

  test('library, administration and profile pages', async ({ page, request }) => {
    await useSession(page, request, 'admin');
    await page.goto('/templates');
    await content(page).getByRole('link', { name: /^Holiday Promo/ }).click();
    await expect(content(page).getByRole('heading', { level: 1, name: 'Holiday Promo', exact: true })).toBeVisible();
    await expect(content(page).getByRole('button', { name: 'discount', exact: true })).toBeVisible();
    await expect(page.getByTestId('content-preview').or(page.locator('iframe[title="Preview"]'))).toBeVisible();
    await shot(page, '13-template-editor');

    await page.goto('/templates');
    await expect(content(page).getByRole('link', { name: /^Holiday Promo/ })).toBeVisible();
    await shot(page, '14-templates');

    await page.goto('/brands');
    await content(page).getByRole('link', { name: /^Northwind Coffee/ }).click();
    await expect(content(page).getByRole('table', { name: 'Locations' }).getByRole('row').nth(1)).toBeVisible();
    await shot(page, '15-brand-locations');

    await content(page).getByRole('table', { name: 'Locations' }).getByRole('row').nth(1).getByRole('link').click();
    await expect(content(page).getByRole('heading', { name: 'Address', exact: true })).toBeVisible();
    await shot(page, '16-location-detail');

    await page.goto('/users');
    await expect(content(page).getByRole('table', { name: 'Users' }).getByText(/^lm\.northwind · /)).toBeVisible();
    await shot(page, '17-users');

    await page.goto('/profile');
    await expect(content(page).getByLabel(/^Display name/)).toBeVisible();
    await shot(page, '18-profile');

    await page.getByRole('banner').getByRole('button', { name: /^Notifications/ }).click();
    await expect(page.getByRole('region', { name: 'Notifications' })).toBeVisible();
    await shot(page, '19-notifications');
  });

  test('on a phone the sidebar collapses into a menu', async ({ page, request }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await useSession(page, request, 'lm.northwind');
    await page.goto('/');
    await expect(page.getByTestId('dashboard-stats')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
    await page.getByRole('banner').getByRole('button', { name: 'Open navigation', exact: true }).click();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(mainNav(page).getByRole('link', { name: /^Approvals/ })).toHaveCount(0);
    await shot(page, '20-mobile-navigation');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  });
});
