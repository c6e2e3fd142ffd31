import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Campaign } from '../api/types';
import { BRAND_ID, makeUser, mockApi, renderWithProviders } from '../test/utils';
import CampaignsPage from './CampaignsPage';

function rows(n: number): Campaign[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `c${i}`,
    brandId: BRAND_ID,
    locationId: `l${i}`,
    locationName: `Store ${i}`,
    storeNumber: String(100 + i),
    timeZone: 'America/Chicago',
    templateId: 't1',
    templateName: 'Holiday Promo',
    name: `Holiday ${i}`,
    customizations: {},
    renderedContent: '',
    generatedContent: null,
    status: i % 2 ? 'draft' : 'scheduled',
    scheduledStart: i % 2 ? null : '2026-12-01T15:00:00Z',
    scheduledEnd: i % 2 ? null : '2026-12-08T03:00:00Z',
    scheduledStartLocal: null,
    scheduledEndLocal: null,
    createdBy: 'u',
    submittedBy: null,
    submittedAt: null,
    availableActions: [],
    createdByName: 'Lee',
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-20T10:00:00Z',
    version: 1,
  }));
}

describe('CampaignsPage', () => {
  it('renders a 100-row page with the filters taken from the URL', async () => {
    const { calls } = mockApi({
      'GET /campaigns': ({ url }) => ({ items: rows(Number(url.searchParams.get('pageSize'))), page: 1, pageSize: 100, total: 250 }),
      'GET /templates': () => ({ items: [], page: 1, pageSize: 100, total: 0 }),
      'GET /brands': () => ({ items: [], page: 1, pageSize: 100, total: 0 }),
    });
    const started = performance.now();
    renderWithProviders(<CampaignsPage />, { route: '/campaigns?status=scheduled&q=holiday&pageSize=100&sort=name', user: makeUser('brandManager') });
    const table = await screen.findByRole('table', { name: 'Campaigns' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(101));
    expect(performance.now() - started).toBeLessThan(5000);
    const list = calls.find((c) => c.path === '/campaigns')!;
    expect(Object.fromEntries(list.url.searchParams)).toEqual({ status: 'scheduled', q: 'holiday', sort: 'name', page: '1', pageSize: '100' });
    expect(screen.getByLabelText('Status')).toHaveValue('scheduled');
    expect(screen.getByLabelText('Search campaigns')).toHaveValue('holiday');
    expect(screen.getByText('250')).toBeInTheDocument();
  });

  it('sends filters to the server and bulk-submits selected drafts', async () => {
    const { calls } = mockApi({
      'GET /campaigns': () => ({ items: rows(4), page: 1, pageSize: 20, total: 4 }),
      'GET /templates': () => ({ items: [], page: 1, pageSize: 100, total: 0 }),
      'GET /brands': () => ({ items: [], page: 1, pageSize: 100, total: 0 }),
      'POST /campaigns/bulk/submit': ({ body }) => ({
        succeeded: (body as { campaignIds: string[] }).campaignIds.length,
        failed: 0,
        results: [],
      }),
    });
    renderWithProviders(<CampaignsPage />, { route: '/campaigns?status=draft', user: makeUser('locationManager') });
    const user = userEvent.setup();
    await screen.findByText('Holiday 1');
    expect(calls.find((c) => c.path === '/campaigns')?.url.searchParams.get('status')).toBe('draft');
    await user.click(screen.getByLabelText('Select Holiday 1 at Store 1'));
    await user.click(screen.getByLabelText('Select Holiday 3 at Store 3'));
    await user.click(screen.getByLabelText('Select Holiday 0 at Store 0'));
    await user.click(screen.getByRole('button', { name: 'Submit 2 drafts for review' }));
    expect(await screen.findByText('2 campaigns submitted for review')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/campaigns/bulk/submit')?.body).toEqual({ campaignIds: ['c1', 'c3'] });
  });
});
