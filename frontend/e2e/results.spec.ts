import { apiGet, apiLogin, content, expect, mainNav, shot, test, useSession } from './fixtures';

interface Page<T> {
  items: T[];
}

// The demo data carries three weeks of redemptions of a completed rollout per brand (issue 15, item 7).
test.describe('results', () => {
  test("a brand manager reads the brand's results and ranks a rollout's stores", async ({ page, request }) => {
    const tokens = await apiLogin(request, 'bm.northwind');
    const brands = await apiGet<Page<{ id: string; slug: string }>>(request, tokens, '/brands');
    const northwind = brands.items.find((b) => b.slug === 'northwind')!;
    const results = await apiGet<Page<{ rolloutId: string | null }>>(request, tokens, `/analytics/campaigns?brandId=${northwind.id}&pageSize=100`);
    const rolloutId = results.items.find((i) => i.rolloutId)!.rolloutId!;

    await useSession(page, request, 'bm.northwind');
    await page.goto('/');
    await mainNav(page).getByRole('link', { name: 'Results', exact: true }).click();
    const totals = content(page).getByTestId('results-totals');
    await expect(totals.getByText('Redemptions')).toBeVisible();
    await expect(totals.locator('p.text-2xl').first()).not.toHaveText('0');
    await expect(content(page).getByRole('img', { name: 'Redemptions per day' })).toBeVisible();
    await expect(content(page).getByRole('table', { name: 'Results per campaign' }).getByRole('link').first()).toBeVisible();
    await shot(page, '30-results');

    await page.goto(`/results?brandId=${northwind.id}&rolloutId=${rolloutId}`);
    await expect(content(page).getByRole('heading', { name: 'Rollout results' })).toBeVisible();
    const ranked = content(page).getByRole('table', { name: 'Stores of the rollout ranked' });
    await expect(ranked.getByRole('row')).toHaveCount(13); // header + 12 stores
    await expect(ranked.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('1');
    await shot(page, '31-rollout-results');
  });
});
