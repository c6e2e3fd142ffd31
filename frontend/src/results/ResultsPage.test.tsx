import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BRAND_ID, makeUser, mockApi, renderWithProviders } from '../test/utils';
import ResultsPage from './ResultsPage';
import { lastDays, type CampaignResults } from './api';

const item = (n: number, over: Partial<CampaignResults['items'][number]> = {}) => ({
  campaignId: `c-${n}`,
  campaignName: `Autumn - Store ${n}`,
  locationId: `l-${n}`,
  locationName: `Store ${n}`,
  storeNumber: `NW-00${n}`,
  templateId: 't-1',
  templateName: 'Holiday Promo',
  rolloutId: 'r-1',
  status: 'completed',
  redemptions: 100 * n,
  transactions: 50 * n,
  discount: `${10 * n}.50`,
  revenue: `${1000 * n}.00`,
  liveDays: 21,
  redemptionsPerStoreDay: Number(((100 * n) / 21).toFixed(2)),
  ...over,
});

function results(items = [item(3), item(1)]): CampaignResults {
  return {
    items,
    totals: { campaigns: items.length, locations: items.length, redemptions: 400, transactions: 200, discount: '41.00', revenue: '4000.00' },
    byDay: [
      { date: '2026-11-01', redemptions: 150, transactions: 75, discount: '15.00', revenue: '1500.00' },
      { date: '2026-11-02', redemptions: 250, transactions: 125, discount: '26.00', revenue: '2500.00' },
    ],
    from: '2026-11-01',
    to: '2026-11-02',
    dayBasis: 'storeLocal',
    page: 1,
    pageSize: 20,
    total: items.length,
  };
}

function setup(route = `/results?brandId=${BRAND_ID}`) {
  const api = mockApi({
    'GET /brands': () => ({ items: [{ id: BRAND_ID, name: 'Northwind', slug: 'northwind' }], page: 1, pageSize: 20, total: 1 }),
    'GET /templates': () => ({ items: [{ id: 't-1', name: 'Holiday Promo' }], page: 1, pageSize: 100, total: 1 }),
    'GET /analytics/campaigns': ({ url }) => (url.searchParams.get('format') === 'csv' ? new Response('campaignId\r\n', { headers: { 'Content-Type': 'text/csv' } }) : results()),
  });
  renderWithProviders(<ResultsPage />, { user: makeUser('viewer'), route, path: '/results' });
  return api;
}

afterEach(() => vi.unstubAllGlobals());

describe('ResultsPage (issue 15, item 5)', () => {
  it('asks for the brand over the last 30 days and shows totals, both charts and the campaigns by store', async () => {
    const { calls } = setup();

    const totals = await screen.findByTestId('results-totals');
    expect(await within(totals).findByText('400')).toBeInTheDocument();
    expect(within(totals).getByText((4000).toLocaleString(undefined, { minimumFractionDigits: 2 }))).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Redemptions per day' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Revenue and discount per day' })).toBeInTheDocument();
    await screen.findByRole('link', { name: 'Autumn - Store 3' });
    const table = screen.getByRole('table', { name: 'Results per campaign' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0].textContent)).toEqual(['Store 3#NW-003', 'Store 1#NW-001']);
    expect(within(rows[0]).getByRole('link', { name: 'Autumn - Store 3' })).toHaveAttribute('href', '/campaigns/c-3');

    const request = calls.find((c) => c.path === '/analytics/campaigns')!.url.searchParams;
    const { from, to } = lastDays(30);
    expect(request.get('brandId')).toBe(BRAND_ID);
    expect(request.get('from')).toBe(from);
    expect(request.get('to')).toBe(to);
    expect(request.get('sort')).toBe('-redemptions');
  });

  it("ranks a rollout's stores by redemptions per store-day", async () => {
    const { calls } = setup(`/results?brandId=${BRAND_ID}&rolloutId=r-1`);

    await screen.findByRole('link', { name: 'Autumn - Store 3' });
    const table = screen.getByRole('table', { name: 'Stores of the rollout ranked' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0].textContent)).toEqual(['1', '2']);
    expect(screen.getByRole('heading', { name: 'Rollout results' })).toBeInTheDocument();
    const request = calls.find((c) => c.path === '/analytics/campaigns')!.url.searchParams;
    expect(request.get('rolloutId')).toBe('r-1');
    expect(request.get('sort')).toBe('-redemptionsPerStoreDay');
  });

  it('clicking a store narrows the results to that store, and the chip takes the filter off again', async () => {
    const { calls } = setup();
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: /Store 3/ }));

    await vi.waitFor(() => expect(calls.some((c) => c.path === '/analytics/campaigns' && c.url.searchParams.get('locationId') === 'l-3')).toBe(true));
    await user.click(await screen.findByRole('button', { name: 'Remove filter Store: Store 3' }));
    expect(screen.queryByRole('button', { name: /Remove filter Store/ })).not.toBeInTheDocument();
  });

  it('downloads the same rows as CSV with the same filters', async () => {
    const { calls } = setup(`/results?brandId=${BRAND_ID}&templateId=t-1&from=2026-11-01&to=2026-11-02`);
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    const save = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const user = userEvent.setup();
    await screen.findByTestId('results-totals');

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));

    await vi.waitFor(() => expect(calls.some((c) => c.url.searchParams.get('format') === 'csv')).toBe(true));
    const csv = calls.find((c) => c.url.searchParams.get('format') === 'csv')!.url.searchParams;
    expect(Object.fromEntries(csv)).toEqual({ brandId: BRAND_ID, from: '2026-11-01', to: '2026-11-02', templateId: 't-1', sort: '-redemptions', format: 'csv' });
    await vi.waitFor(() => expect(save).toHaveBeenCalled());
    save.mockRestore();
  });
});
