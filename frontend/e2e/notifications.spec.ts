import { apiGet, apiLogin, content, expect, test, useSession } from './fixtures';

// Issue 14, item 13: a notification opens what it is about. The demo data has reviews waiting for days, so their
// lifecycle orchestrations (started by the reconciliation at start-up) remind bm.northwind about them at once, and the
// digest timer (every minute) sends the daily digest about the queue; on a freshly started stack the test waits for both.
test('a review reminder opens its campaign and the digest opens the approvals queue', async ({ page, request }) => {
  test.setTimeout(180_000);
  const tokens = await apiLogin(request, 'bm.northwind');
  await expect
    .poll(async () => (await apiGet<{ items: { kind: string }[] }>(request, tokens, '/notifications?pageSize=50')).items.map((n) => n.kind), {
      message: 'the lifecycle has sent a reminder and a digest',
      timeout: 120_000,
      intervals: [2_000],
    })
    .toEqual(expect.arrayContaining(['reminder', 'digest']));
  await useSession(page, request, 'bm.northwind');
  await page.goto('/');
  const bell = page.getByRole('banner').getByRole('button', { name: /^Notifications/ });
  const panel = page.getByRole('region', { name: 'Notifications' });

  await bell.click();
  const reminder = panel.getByRole('button', { name: /^Review waiting: / }).first();
  await expect(reminder).toBeVisible();
  await expect(reminder, 'times are local, not UTC').not.toContainText('UTC');
  const name = ((await reminder.innerText()).match(/Review waiting: (.+)/)?.[1] ?? '').trim();
  await reminder.click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(content(page).getByRole('heading', { level: 1, name })).toBeVisible();

  await bell.click();
  const digest = panel.getByRole('button', { name: /campaigns? waits? for your review/ }).first();
  await expect(digest).toBeVisible();
  await expect(digest).not.toContainText('UTC');
  await digest.click();
  await expect(page).toHaveURL(/\/approvals$/);
  await expect(content(page).getByRole('heading', { level: 1, name: 'Approvals', exact: true })).toBeVisible();
});
