import { content, expect, login, logout, mainNav, RUN, shot, test } from './fixtures';

// The main story, told in order: a location manager rolls a template out to three stores
// and submits them; the brand manager rejects one with a comment, approves two and schedules them;
// the location manager then sees why theirs was rejected.
const CAMPAIGN = `E2E Holiday ${RUN}`;
const REJECTION = `Please use the new holiday artwork (${RUN})`;

test.describe.configure({ mode: 'serial' });

test.describe('campaign roll-out, review and scheduling', () => {
  test('a location manager rolls a template out to 3 locations and submits them', async ({ page }) => {
    await login(page, 'lm.northwind');
    await mainNav(page).getByRole('link', { name: 'Campaigns', exact: true }).click();
    await content(page).getByRole('link', { name: 'New campaign', exact: true }).click();
    await expect(content(page).getByRole('heading', { level: 1, name: 'New campaign', exact: true })).toBeVisible();

    await content(page).getByRole('combobox', { name: 'Template', exact: true }).selectOption({ label: 'Holiday Promo' });
    await content(page).getByRole('radio', { name: 'Roll out to many locations', exact: true }).check();
    const picker = content(page).getByTestId('location-picker');
    const boxes = picker.getByRole('checkbox');
    await expect(boxes.first()).toBeVisible();
    for (let i = 0; i < 3; i++) await boxes.nth(i).check();
    await expect(content(page).getByTestId('location-picker-count')).toHaveText(/^3 selected\b/);

    await expect(content(page).getByLabel(/^Discount/)).toHaveValue('15');
    await content(page).getByLabel(/^Campaign name/).fill(CAMPAIGN);
    await expect(page.getByTestId('content-preview').or(page.locator('iframe[title="Preview"]'))).toBeVisible();
    await shot(page, '03-campaign-rollout');

    await content(page).getByRole('button', { name: 'Create 3 campaigns', exact: true }).click();
    await expect(content(page).getByText('3 created', { exact: true })).toBeVisible();
    await content(page).getByRole('button', { name: 'Submit 3 for review', exact: true }).click();
    await expect(content(page).getByText('3 submitted for review', { exact: true })).toBeVisible();
    await shot(page, '04-rollout-result');

    await content(page).getByRole('link', { name: 'View in campaign list', exact: true }).click();
    const table = page.getByRole('table', { name: 'Campaigns' });
    await expect(table.getByRole('row')).toHaveCount(4);
    await expect(table.getByText('Pending review', { exact: true })).toHaveCount(3);
    await logout(page);
  });

  test('the brand manager rejects one with a comment, approves two and schedules them', async ({ page }) => {
    await login(page, 'bm.northwind');
    await mainNav(page).getByRole('link', { name: /^Approvals/ }).click();
    await expect(content(page).getByRole('heading', { level: 1, name: 'Approvals', exact: true })).toBeVisible();
    await content(page).getByLabel('Filter the queue', { exact: true }).fill(RUN);
    const queue = page.getByRole('table', { name: 'Approval queue' });
    const rows = queue.getByRole('row').filter({ hasText: CAMPAIGN });
    await expect(rows).toHaveCount(3);
    await shot(page, '05-approvals');

    // Reject the first with a comment.
    await rows.nth(0).getByRole('checkbox').check();
    await content(page).getByRole('button', { name: 'Reject selected', exact: true }).click();
    const reject = page.getByRole('dialog', { name: /Reject 1 campaign/ });
    await reject.getByRole('button', { name: 'Reject', exact: true }).click();
    await expect(reject.getByText(/A comment is required/)).toBeVisible();
    await reject.getByLabel(/What needs to change/).fill(REJECTION);
    await reject.getByRole('button', { name: 'Reject', exact: true }).click();
    await expect(page.getByRole('status').getByText('1 campaign rejected', { exact: true })).toBeVisible();
    await expect(rows).toHaveCount(2);

    // Approve the other two in one go.
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await content(page).getByRole('button', { name: 'Approve selected', exact: true }).click();
    await page.getByRole('dialog', { name: /Approve 2 campaigns/ }).getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.getByRole('status').getByText('2 campaigns approved', { exact: true })).toBeVisible();
    await expect(rows).toHaveCount(0);

    // Schedule both, in each store's local time.
    await page.goto(`/campaigns?q=${encodeURIComponent(CAMPAIGN)}&status=approved`);
    const approved = page.getByRole('table', { name: 'Campaigns' }).getByRole('row').filter({ hasText: CAMPAIGN });
    await expect(approved).toHaveCount(2);
    const ids: string[] = [];
    for (const href of await approved.getByRole('link', { name: CAMPAIGN }).evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) ids.push(href);
    for (const [i, href] of ids.entries()) {
      await page.goto(href);
      await expect(content(page).getByRole('heading', { level: 1, name: CAMPAIGN })).toBeVisible();
      await content(page).getByRole('button', { name: 'Schedule', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Schedule campaign' });
      await expect(dialog.getByText(/Times are local to/)).toBeVisible();
      if (i === 0) await shot(page, '06-schedule-dialog');
      await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
      await expect(content(page).getByRole('heading', { level: 1, name: CAMPAIGN }).locator('[data-status="scheduled"]')).toBeVisible();
      await expect(content(page).getByRole('list', { name: 'Campaign activity' }).getByText(/^Scheduled by /)).toBeVisible();
    }
    await shot(page, '07-campaign-detail-scheduled');

    const nextWeek = new Date(Date.now() + 2 * 86_400_000);
    await page.goto(`/calendar?month=${nextWeek.getFullYear()}-${String(nextWeek.getMonth() + 1).padStart(2, '0')}`);
    // Both scheduled campaigns are on the calendar; either may be the first link (they can share a day).
    await expect(content(page).getByRole('grid').getByRole('link', { name: new RegExp(CAMPAIGN) }).first()).toBeVisible();
    await shot(page, '08-calendar');
    await logout(page);
  });

  test('the location manager sees the rejection comment', async ({ page }) => {
    await login(page, 'lm.northwind');
    await page.goto(`/campaigns?q=${encodeURIComponent(CAMPAIGN)}&status=rejected`);
    const row = page.getByRole('table', { name: 'Campaigns' }).getByRole('row').filter({ hasText: CAMPAIGN });
    await expect(row).toHaveCount(1);
    await row.getByRole('link', { name: CAMPAIGN }).click();
    const banner = page.getByTestId('rejection-banner');
    await expect(banner).toContainText(REJECTION);
    await expect(banner).toContainText(/Rejected by/);
    await expect(content(page).getByRole('button', { name: 'Revise', exact: true })).toBeVisible();
    await shot(page, '09-rejected-campaign');
  });
});
