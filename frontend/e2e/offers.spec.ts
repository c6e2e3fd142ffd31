import { expect, test } from '@playwright/test';
import { content, useSession } from './fixtures';

// The demo "Holiday Promo" template carries 15% off the holiday-drinks category (DemoData's offers).
test.describe('offers', () => {
  test("the template's offer editor prices a basket like the till", async ({ page, request }) => {
    await useSession(page, request, 'admin');
    await page.goto('/templates');
    await content(page).getByRole('link', { name: /^Holiday Promo/ }).click();
    await expect(content(page).getByLabel('Offer type')).toHaveValue('percentOff');
    await expect(content(page).getByLabel('Percent off', { exact: true })).toHaveValue('15');

    await page.getByLabel('Line 1 sku').fill('LATTE');
    await page.getByLabel('Line 1 category').fill('holiday-drinks');
    await page.getByLabel('Line 1 price').fill('4.00');
    await page.getByLabel('Line 1 quantity').fill('3');
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.getByLabel('Line 2 sku').fill('MUG');
    await page.getByLabel('Line 2 category').fill('merch');
    await page.getByLabel('Line 2 price').fill('10.00');

    // 3 × 4.00 + 10.00 = 22.00; 15% of the drinks' 12.00 = 1.80 off.
    await expect(page.getByTestId('basket-subtotal')).toHaveText('22.00 USD');
    await expect(page.getByTestId('basket-discount')).toHaveText('−1.80');
    await expect(page.getByTestId('basket-total')).toHaveText('20.20 USD');
    await expect(page.getByText('15% off 3 qualifying items.')).toBeVisible();
  });
});
