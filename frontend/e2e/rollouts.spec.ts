import { apiLogin, content, expect, RUN, shot, test, useSession, type Tokens } from './fixtures';
import type { APIRequestContext } from '@playwright/test';

// Issue 16, items 1 and 2: a rollout page shows its progress after some of its campaigns are approved; a mention typed
// in a comment reaches the other user's bell.

interface Variable {
  name: string;
  type: string;
  required: boolean;
  default: unknown;
}

async function call<T>(request: APIRequestContext, tokens: Tokens, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const res = await request.fetch(`/api/v1${path}`, { method, data, headers: { Authorization: `Bearer ${tokens.accessToken}` } });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

const SAMPLE: Record<string, unknown> = { text: 'E2E', number: 5, percent: 10, date: '2027-01-15', url: 'https://example.com' };

/** A rollout of a northwind template to three of its stores, submitted by the store manager; two of them approved. */
async function rolloutWithTwoApproved(request: APIRequestContext) {
  const bm = await apiLogin(request, 'bm.northwind');
  const lm = await apiLogin(request, 'lm.northwind');
  const brands = await call<{ items: { id: string; slug: string }[] }>(request, bm, 'GET', '/brands');
  const brandId = brands.items.find((b) => b.slug === 'northwind')!.id;
  const templates = await call<{ items: { id: string; variables: Variable[] }[] }>(request, bm, 'GET', `/templates?brandId=${brandId}&isActive=true`);
  const template = templates.items[0];
  const customizations = Object.fromEntries(template.variables.filter((v) => v.required && v.default == null).map((v) => [v.name, SAMPLE[v.type] ?? 'E2E']));
  const stores = await call<{ items: { id: string }[] }>(request, bm, 'GET', `/locations?brandId=${brandId}&isActive=true&pageSize=3&sort=-createdAt`);
  const name = `E2E rollout ${RUN}`;
  const bulk = await call<{ rolloutId: string; results: { campaignId: string | null }[] }>(request, bm, 'POST', '/campaigns/bulk', {
    templateId: template.id,
    locationIds: stores.items.map((s) => s.id),
    customizations,
    name,
  });
  const ids = bulk.results.map((r) => r.campaignId!).filter(Boolean);
  expect(ids).toHaveLength(3);
  await call(request, lm, 'POST', '/campaigns/bulk/submit', { campaignIds: ids });
  await call(request, bm, 'POST', '/campaigns/bulk/approve', { campaignIds: ids.slice(0, 2) });
  return { rolloutId: bulk.rolloutId, name, campaignIds: ids };
}

test('a rollout page shows its progress after some of its campaigns are approved', async ({ page, request }) => {
  const { rolloutId, name } = await rolloutWithTwoApproved(request);
  await useSession(page, request, 'bm.northwind');
  await page.goto('/rollouts');
  await content(page).getByRole('link', { name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/rollouts/${rolloutId}$`));
  await expect(content(page).getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(content(page).getByRole('img', { name: /^3 stores: 1 pending review, 2 approved$/ })).toBeVisible();
  await expect(content(page).getByTestId('count-approved')).toHaveText('2');
  await expect(content(page).getByTestId('count-pendingReview')).toHaveText('1');
  await expect(content(page).getByTestId('count-draft')).toHaveText('0');

  await content(page).getByRole('button', { name: 'Approved, not scheduled' }).click();
  const table = content(page).getByRole('table', { name: 'Stores of this rollout' });
  await expect(table.getByRole('row')).toHaveCount(3); // header + two stores
  await expect(table.getByText('Approved')).toHaveCount(2);
  await shot(page, 'rollout-progress');
});

test('a mention typed in a comment reaches the other user’s bell', async ({ page, request, browser }) => {
  const { campaignIds } = await rolloutWithTwoApproved(request);
  const campaignId = campaignIds[2];
  await useSession(page, request, 'bm.northwind');
  await page.goto(`/campaigns/${campaignId}`);
  const box = content(page).getByRole('combobox', { name: 'Comment' });
  await box.click();
  await box.pressSequentially('Could you check the poster, @viewer.nor');
  await expect(content(page).getByRole('option', { name: /@viewer\.northwind/ })).toBeVisible();
  await box.press('Enter');
  await expect(box).toHaveValue('Could you check the poster, @viewer.northwind ');
  await box.pressSequentially(`please? ${RUN}`);
  await content(page).getByRole('button', { name: 'Comment', exact: true }).click();
  const activity = content(page).getByRole('list', { name: 'Campaign activity' });
  await expect(activity.getByText(`please? ${RUN}`)).toBeVisible();

  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await useSession(viewer, request, 'viewer.northwind');
  await viewer.goto('/');
  await viewer.getByRole('banner').getByRole('button', { name: /^Notifications/ }).click();
  const mention = viewer.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: new RegExp(`mentioned you.*${RUN}`) }).first();
  await expect(mention).toBeVisible();
  await mention.click();
  await expect(viewer).toHaveURL(new RegExp(`/campaigns/${campaignId}$`));
  await expect(content(viewer).getByRole('list', { name: 'Campaign activity' }).getByText(`please? ${RUN}`)).toBeVisible();
  await viewerContext.close();
});
