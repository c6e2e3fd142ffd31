import { apiGet, apiLogin, content, expect, RUN, shot, test, useSession } from './fixtures';
import { readHeaderRow, writeWorkbook } from './xlsx';

// Values for the columns of the server's import template, matched on a normalised header name.
function valueFor(header: string, n: number): string | number {
  const h = header.toLowerCase().replace(/[^a-z]/g, '');
  if (/^(storenumber|storeno|storeid|number|store)$/.test(h)) return `E2E-${RUN}-${n}`;
  if (/^(name|storename|locationname)$/.test(h)) return `E2E Store ${RUN} ${n}`;
  if (/^(street|address|streetaddress|addressstreet|addressline|address1)$/.test(h)) return `${100 + n} Test Way`;
  if (/city/.test(h)) return 'Springfield';
  if (/^(state|addressstate|region|province)$/.test(h)) return 'IL';
  if (/(postal|zip|postcode)/.test(h)) return '62701';
  if (/country/.test(h)) return 'US';
  if (/(timezone|^tz$)/.test(h)) return 'America/Chicago';
  if (/^(latitude|lat)$/.test(h)) return 39.78 + n / 100;
  if (/^(longitude|lng|lon|long)$/.test(h)) return -89.65 - n / 100;
  if (/^(isactive|active|status|enabled)$/.test(h)) return 'true';
  if (/^brand(slug|name)?$/.test(h)) return 'northwind';
  return '';
}

const FALLBACK_HEADERS = ['storeNumber', 'name', 'street', 'city', 'state', 'postalCode', 'country', 'timeZone', 'latitude', 'longitude', 'isActive'];

test('a brand manager imports a small spreadsheet and sees the new locations', async ({ page, request }) => {
  const tokens = await apiLogin(request, 'bm.northwind');
  const brands = await apiGet<{ items: { id: string; slug: string }[] }>(request, tokens, '/brands');
  const northwind = brands.items.find((b) => b.slug === 'northwind')!;
  expect(northwind).toBeTruthy();

  // Write the workbook with the same columns as the server's own template.
  const template = await request.get(`/api/v1/brands/${northwind.id}/locations/import-template`, {
    headers: { Authorization: `Bearer ${tokens.accessToken}` },
  });
  expect(template.status()).toBe(200);
  let headers: string[] = [];
  try {
    headers = readHeaderRow(Buffer.from(await template.body())).filter(Boolean);
  } catch {
    headers = [];
  }
  if (headers.length === 0) headers = FALLBACK_HEADERS;
  const workbook = writeWorkbook([headers, headers.map((h) => valueFor(h, 1)), headers.map((h) => valueFor(h, 2))]);

  await useSession(page, request, 'bm.northwind');
  await page.goto(`/brands/${northwind.id}`);
  await content(page).getByRole('link', { name: 'Import spreadsheet', exact: true }).click();
  await expect(content(page).getByRole('heading', { level: 1, name: 'Import locations', exact: true })).toBeVisible();

  const download = page.waitForEvent('download');
  await content(page).getByRole('button', { name: 'Download template', exact: true }).click();
  expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);

  await content(page).getByLabel('Spreadsheet file', { exact: true }).setInputFiles({
    name: `e2e-${RUN}.xlsx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: workbook,
  });
  await content(page).getByRole('button', { name: 'Check file (dry run)', exact: true }).click();
  const result = page.getByTestId('import-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result.getByText('Would be created', { exact: true }).locator('xpath=following-sibling::p')).toHaveText('2');
  await shot(page, '10-import-dry-run');

  await content(page).getByRole('button', { name: /^Import \d+ locations?$/ }).click();
  await expect(content(page).getByRole('link', { name: 'View locations', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(result.getByText('Created', { exact: true }).locator('xpath=following-sibling::p')).toHaveText('2');
  await shot(page, '11-import-done');

  await content(page).getByRole('link', { name: 'View locations', exact: true }).click();
  await content(page).getByLabel('Search locations', { exact: true }).fill(`E2E Store ${RUN}`);
  const table = content(page).getByRole('table', { name: 'Locations' });
  await expect(table.getByRole('link', { name: `E2E Store ${RUN} 1`, exact: true })).toBeVisible();
  await expect(table.getByRole('link', { name: `E2E Store ${RUN} 2`, exact: true })).toBeVisible();
  await shot(page, '12-locations-after-import');
});
