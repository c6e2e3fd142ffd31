import { readFileSync } from 'node:fs';
import { apiGet, apiLogin, content, expect, mainNav, RUN, shot, test, useSession } from './fixtures';

// The audit log page and the export buttons, in the real browser against the running stack.
test.describe('audit and exports', () => {
  test('an admin reads the audit log, filters it and downloads it as CSV', async ({ page, request }) => {
    // A change to find: a store created through the API writes its audit row in the same transaction.
    const tokens = await apiLogin(request, 'admin');
    const brands = await apiGet<{ items: { id: string }[] }>(request, tokens, '/brands');
    const created = await request.post(`/api/v1/brands/${brands.items[0].id}/locations`, {
      headers: { Authorization: `Bearer ${tokens.accessToken}` },
      data: { name: `Audited store ${RUN}`, storeNumber: `AUD-${RUN}`, timeZone: 'America/Chicago' },
    });
    expect(created.status()).toBe(201);
    await useSession(page, request, 'admin');
    await page.goto('/');
    await mainNav(page).getByRole('link', { name: 'Audit log' }).click();
    const table = content(page).getByRole('table', { name: 'Audit log' });
    await expect(table.getByText(`AUD-${RUN}`)).toBeVisible(); // the details column carries the new store's number
    await content(page).getByLabel('Object type').selectOption('location');
    await expect(page).toHaveURL(/entityType=location/);
    await expect(table.locator('tbody tr').first()).toContainText('create');
    await shot(page, 'audit-log');

    const [download] = await Promise.all([page.waitForEvent('download'), content(page).getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-.*\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.split('\r\n')[0]).toContain('at,actor,actorId,brandId,action,entityType,entityId,details');
  });

  test('the campaigns page exports what it lists as CSV and Excel', async ({ page, request }) => {
    await useSession(page, request, 'admin');
    await page.goto('/campaigns?status=draft');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/^campaigns-.*\.csv$/);
    const rows = readFileSync((await csv.path())!, 'utf8').trim().split('\r\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes(',draft,'))).toBe(true); // the status column
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Excel' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  });
});
