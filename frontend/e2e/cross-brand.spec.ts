import { apiGet, apiLogin, content, expect, test, useSession } from './fixtures';

interface Page<T> {
  items: T[];
}

test("another brand's objects are not found, not forbidden", async ({ page, request }) => {
  const northwind = await apiLogin(request, 'bm.northwind');
  const brand = (await apiGet<Page<{ id: string; slug: string }>>(request, northwind, '/brands')).items.find((b) => b.slug === 'northwind')!;
  const campaign = (await apiGet<Page<{ id: string }>>(request, northwind, `/campaigns?brandId=${brand.id}&pageSize=1`)).items[0];
  const location = (await apiGet<Page<{ id: string }>>(request, northwind, `/brands/${brand.id}/locations?pageSize=1`)).items[0];
  const template = (await apiGet<Page<{ id: string }>>(request, northwind, `/templates?brandId=${brand.id}&pageSize=1`)).items[0];
  expect(campaign && location && template).toBeTruthy();

  await useSession(page, request, 'lm.contoso');
  for (const url of [`/campaigns/${campaign.id}`, `/brands/${brand.id}`, `/brands/${brand.id}/locations/${location.id}`, `/templates/${template.id}`]) {
    await page.goto(url);
    await expect(page.getByTestId('not-found'), url).toBeVisible();
    await expect(content(page).getByRole('heading', { name: 'Not found', exact: true })).toBeVisible();
  }

  // Lists never show the other brand either.
  await page.goto('/brands');
  await expect(content(page).getByRole('link', { name: /Contoso Outdoor/ }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: /Northwind Coffee/ })).toHaveCount(0);
});
