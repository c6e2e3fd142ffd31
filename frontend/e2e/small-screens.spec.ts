import type { Locator } from '@playwright/test';
import { apiGet, apiLogin, content, expect, shot, test, useSession } from './fixtures';

// Issue 14, item 18: at 390 px the campaigns and locations tables keep status and dates on screen.
const WIDTH = 390;

async function expectOnScreen(locator: Locator, what: string) {
  await expect(locator, what).toBeVisible();
  const box = await locator.boundingBox();
  expect(box, what).not.toBeNull();
  expect(box!.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what}: right edge within ${WIDTH} px`).toBeLessThanOrEqual(WIDTH);
}

async function expectNoSideways(table: Locator) {
  const overflow = await table.evaluate((t) => {
    const box = t.parentElement!;
    return { scroll: box.scrollWidth, client: box.clientWidth, page: document.documentElement.scrollWidth };
  });
  expect(overflow.scroll, 'the table needs no sideways scrolling').toBeLessThanOrEqual(overflow.client + 1);
  expect(overflow.page, 'the page needs no sideways scrolling').toBeLessThanOrEqual(WIDTH);
}

test.describe('on a 390 px phone', () => {
  test.use({ viewport: { width: WIDTH, height: 844 } });

  test('the campaigns table shows each campaign with its status and dates on screen', async ({ page, request }) => {
    await useSession(page, request, 'bm.northwind');
    await page.goto('/campaigns?status=scheduled&pageSize=20');
    const table = page.getByRole('table', { name: 'Campaigns' });
    const rows = table.locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    // One look at every row at once: the lifecycle runs in this stack, so a scheduled campaign can go live (and leave this
    // filtered list) between two separate looks at "row 4".
    const seen = await table.evaluate((t) =>
      Array.from(t.querySelectorAll('tbody tr')).slice(0, 5).map((row) => {
        const edges = (el: Element | null) => {
          if (!el) return null;
          const r = el.getBoundingClientRect();
          return { left: r.left, right: r.right, width: r.width };
        };
        const runs = row.querySelector('[data-testid="campaign-runs"]');
        return { status: edges(row.querySelector('[data-status]')), dates: edges(runs), datesText: runs?.textContent ?? '' };
      }),
    );
    expect(seen.length).toBeGreaterThan(0);
    seen.forEach((row, i) => {
      for (const [what, box] of [['status', row.status], ['dates', row.dates]] as const) {
        expect(box, `row ${i + 1} ${what}`).not.toBeNull();
        expect(box!.width, `row ${i + 1} ${what} is shown`).toBeGreaterThan(0);
        expect(box!.left, `row ${i + 1} ${what}: left edge`).toBeGreaterThanOrEqual(0);
        expect(box!.right, `row ${i + 1} ${what}: right edge within ${WIDTH} px`).toBeLessThanOrEqual(WIDTH);
      }
      expect(row.datesText, `row ${i + 1} dates`).toMatch(/\d{4}.* to .*\d{4}/);
    });
    await expectNoSideways(table);
    await shot(page, '21-mobile-campaigns');
  });

  test('the locations table shows each store with its status on screen', async ({ page, request }) => {
    const tokens = await apiLogin(request, 'bm.northwind');
    const brand = (await apiGet<{ items: { id: string; slug: string }[] }>(request, tokens, '/brands')).items.find((b) => b.slug === 'northwind')!;
    await useSession(page, request, 'bm.northwind');
    await page.goto(`/brands/${brand.id}`);
    const table = content(page).getByRole('table', { name: 'Locations' });
    const rows = table.locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    const n = Math.min(await rows.count(), 5);
    for (let i = 0; i < n; i++) {
      await expectOnScreen(rows.nth(i).getByText(/^(Active|Inactive)$/), `row ${i + 1} status`);
      await expectOnScreen(rows.nth(i).getByRole('link').first(), `row ${i + 1} name`);
    }
    await expectNoSideways(table);
    await shot(page, '22-mobile-locations');
  });
});
