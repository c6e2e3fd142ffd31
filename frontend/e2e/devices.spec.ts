import { apiGet, apiLogin, expect, RUN, test, useSession } from './fixtures';

// Issue 15, item 7: a brand manager registers a store device, copies its key once, and revokes it; the key works only until then.
test('a brand manager adds a device, gets its key once, and revoking it locks the key out at once', async ({ page, request, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const tokens = await apiLogin(request, 'bm.northwind');
  const stores = await apiGet<{ items: { id: string; brandId: string; storeNumber: string }[] }>(request, tokens, '/locations?q=NW-012&pageSize=5');
  const store = stores.items.find((s) => s.storeNumber === 'NW-012')!;
  await useSession(page, request, 'bm.northwind');
  await page.goto(`/brands/${store.brandId}/locations/${store.id}`);

  const devices = page.locator('section', { has: page.getByRole('heading', { name: 'Devices', exact: true }) });
  await devices.getByRole('button', { name: 'Add device' }).click();
  const name = `E2E till ${RUN}`;
  const add = page.getByRole('dialog', { name: 'Add device' });
  await add.getByLabel(/Name/).fill(name);
  await add.getByRole('button', { name: 'Add device' }).click();

  const keyDialog = page.getByRole('dialog', { name: `Key for ${name}` });
  const key = (await keyDialog.getByLabel('Device key').textContent())!.trim();
  expect(key).toMatch(/^ssdk_[A-Z2-7]{52}$/);
  await keyDialog.getByRole('button', { name: 'Copy key' }).click();
  await expect(keyDialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  await keyDialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText(key)).toHaveCount(0);

  const feed = await request.get('/api/v1/store/feed', { headers: { Authorization: `Device ${key}` } });
  expect(feed.status()).toBe(200);

  await page.reload();
  await expect(devices.getByText(name)).toBeVisible();
  await expect(devices.getByText(name).locator('..').getByText(/Last seen/)).toBeVisible();
  await devices.getByRole('button', { name: `Revoke ${name}` }).click();
  await page.getByRole('dialog', { name: `Revoke ${name}?` }).getByRole('button', { name: 'Revoke device' }).click();
  await expect(devices.getByText(name)).toHaveCount(0);
  expect((await request.get('/api/v1/store/feed', { headers: { Authorization: `Device ${key}` } })).status()).toBe(401);
});
