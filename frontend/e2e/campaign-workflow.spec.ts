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
    await content(page).getByRole('link', { name: 'New campaign' }).first().click();
    await expect(page.getByRole('heading', { name: 'New campaign' })).toBeVisible();

    await page.getByLabel('Template').selectOption({ label: 'Holiday Promo' });
    await page.getByRole('radio', { name: 'Roll out to many locations' }).check();
    const picker = page.getByTestId('location-picker');
    const boxes = picker.getByRole('checkbox');
    await expect(boxes.first()).toBeVisible();
    for (let i = 0; i < 3; i++) await boxes.nth(i).check();
    await expect(page.getByText('3 selected')).toBeVisible();

    await expect(page.getByLabel(/Discount/)).toHaveValue('15');
    await page.getByLabel(/Campaign name/).fill(CAMPAIGN);
    await expect(page.getByTestId('content-preview').or(page.locator('iframe[title="Preview"]'))).toBeVisible();
    await shot(page, '03-campaign-rollout');

    await page.getByRole('button', { name: 'Create 3 campaigns' }).click();
    await expect(page.getByText('3 created')).toBeVisible();
    await page.getByRole('button', { name: 'Submit 3 for review' }).click();
    await expect(page.getByText('3 submitted for review')).toBeVisible();
    await shot(page, '04-rollout-result');

    await content(page).getByRole('link', { name: 'View in campaign list' }).click();
    const table = page.getByRole('table', { name: 'Campaigns' });
    await expect(table.getByRole('row')).toHaveCount(4);
    await expect(table.getByText('Pending review')).toHaveCount(3);
    await logout(page);
  });

  test('the brand manager rejects one with a comment, approves two and schedules them', async ({ page }) => {
    await login(page, 'bm.northwind');
    await mainNav(page).getByRole('link', { name: /^Approvals/ }).click();
    await expect(page.getByRole('heading', { name: 'Approvals' })).toBeVisible();
    await page.getByLabel('Filter the queue').fill(RUN);
    const queue = page.getByRole('table', { name: 'Approval queue' });
    const rows = queue.getByRole('row').filter({ hasText: CAMPAIGN });
    await expect(rows).toHaveCount(3);
    await shot(page, '05-approvals');

    // Reject the first with a comment.
    await rows.nth(0).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Reject selected' }).click();
    const reject = page.getByRole('dialog', { name: /Reject 1 campaign/ });
    await reject.getByRole('button', { name: 'Reject' }).click();
    await expect(reject.getByText(/A comment is required/)).toBeVisible();
    await reject.getByLabel(/What needs to change/).fill(REJECTION);
    await reject.getByRole('button', { name: 'Reject' }).click();
    await expect(page.getByText('1 campaign rejected')).toBeVisible();
    await expect(rows).toHaveCount(2);

    // Approve the other two in one go.
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Approve selected' }).click();
    await page.getByRole('dialog', { name: /Approve 2 campaigns/ }).getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByText('2 campaigns approved')).toBeVisible();
    await expect(rows).toHaveCount(0);

    // Schedule both, in each store's local time.
    await page.goto(`/campaigns?q=${encodeURIComponent(CAMPAIGN)}&status=approved`);
    const approved = page.getByRole('table', { name: 'Campaigns' }).getByRole('row').filter({ hasText: CAMPAIGN });
    await expect(approved).toHaveCount(2);
    const ids: string[] = [];
    for (const href of await approved.getByRole('link', { name: CAMPAIGN }).evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) ids.push(href);
    for (const [i, href] of ids.entries()) {
      await page.goto(href);
      await expect(page.getByRole('heading', { name: CAMPAIGN })).toBeVisible();
      await page.getByRole('button', { name: 'Schedule' }).click();
      const dialog = page.getByRole('dialog', { name: 'Schedule campaign' });
      await expect(dialog.getByText(/Times are local to/)).toBeVisible();
      if (i === 0) await shot(page, '06-schedule-dialog');
      await dialog.getByRole('button', { name: 'Schedule' }).click();
      await expect(page.getByRole('heading', { name: CAMPAIGN }).locator('[data-status="scheduled"]')).toBeVisible();
      await expect(page.getByRole('list', { name: 'Campaign history' }).getByText('Scheduled')).toBeVisible();
    }
    await shot(page, '07-campaign-detail-scheduled');

    const nextWeek = new Date(Date.now() + 2 * 86_400_000);
    await page.goto(`/calendar?month=${nextWeek.getFullYear()}-${String(nextWeek.getMonth() + 1).padStart(2, '0')}`);
    await expect(page.getByRole('grid').getByRole('link', { name: new RegExp(CAMPAIGN) }).first()).toBeVisible();
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
    await expect(page.getByRole('button', { name: 'Revise' })).toBeVisible();
    await shot(page, '09-rejected-campaign');
  });
});
