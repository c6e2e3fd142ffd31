import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { BRAND_ID, makeUser, mockApi, renderWithProviders } from '../test/utils';
import RolloutPage from './RolloutPage';
import RolloutsPage from './RolloutsPage';

const rollout = {
  id: 'r1',
  brandId: BRAND_ID,
  templateId: 't1',
  templateName: 'Autumn sale',
  name: 'Autumn wave 1',
  createdBy: 'u1',
  createdByName: 'Bella Brand',
  createdAt: '2026-11-20T10:00:00Z',
  counts: { draft: 2, pendingReview: 1, approved: 1, rejected: 0, scheduled: 0, active: 1, completed: 0, cancelled: 0 },
  stores: 5,
};

const store = (n: number, status: string) => ({
  locationId: `l${n}`,
  locationName: `Store ${n}`,
  storeNumber: `S00${n}`,
  campaignId: `c${n}`,
  status,
  since: '2026-11-21T10:00:00Z',
});

function routes(extra = {}) {
  return {
    'GET /rollouts/r1': () => rollout,
    'GET /rollouts/r1/locations': ({ url }: { url: URL }) =>
      url.searchParams.get('stage') === 'notSubmitted'
        ? { items: [store(1, 'draft'), store(4, 'draft')], page: 1, pageSize: 20, total: 2 }
        : { items: [store(1, 'draft'), store(2, 'approved'), store(3, 'pendingReview')], page: 1, pageSize: 20, total: 45 },
    ...extra,
  };
}

const brandManager = makeUser('brandManager', { brandIds: [BRAND_ID] });

describe('RolloutPage', () => {
  it('shows progress across statuses and the stores with their status', async () => {
    mockApi(routes());
    renderWithProviders(<RolloutPage />, { route: '/rollouts/r1', path: '/rollouts/:rolloutId', user: brandManager });
    expect(await screen.findByRole('heading', { name: 'Autumn wave 1' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /5 stores: 2 draft, 1 pending review, 1 approved, 1 active/ })).toBeInTheDocument();
    expect(screen.getByTestId('count-draft')).toHaveTextContent('2');
    expect(screen.getByText('1 of 5 stores scheduled, live or completed')).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Stores of this rollout' });
    expect(within(table).getByText('Store 2')).toBeInTheDocument();
    expect(within(table).getByRole('link', { name: 'Open the campaign of Store 2' })).toHaveAttribute('href', '/campaigns/c2');
    expect(screen.getByRole('navigation', { name: /pagination/i })).toBeInTheDocument();
  });

  it('filters the stores by stage', async () => {
    const { calls } = mockApi(routes());
    renderWithProviders(<RolloutPage />, { route: '/rollouts/r1', path: '/rollouts/:rolloutId', user: brandManager });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Not submitted' }));
    expect(await screen.findByText('Store 4')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Not submitted' })).toHaveAttribute('aria-pressed', 'true');
    expect(calls.some((c) => c.path === '/rollouts/r1/locations' && c.url.searchParams.get('stage') === 'notSubmitted')).toBe(true);
  });

  it('reminds the stores that have not acted and says how many were told', async () => {
    const remind = vi.fn(() => ({ notified: 3 }));
    mockApi(routes({ 'POST /rollouts/r1/remind': remind }));
    renderWithProviders(<RolloutPage />, { route: '/rollouts/r1', path: '/rollouts/:rolloutId', user: brandManager });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Remind stores that have not acted' }));
    expect(await screen.findByText('Reminder sent to 3 people')).toBeInTheDocument();
    expect(remind).toHaveBeenCalledTimes(1);
  });

  it('offers no remind button to a viewer', async () => {
    mockApi(routes());
    renderWithProviders(<RolloutPage />, { route: '/rollouts/r1', path: '/rollouts/:rolloutId', user: makeUser('viewer', { brandIds: [BRAND_ID] }) });
    await screen.findByRole('heading', { name: 'Autumn wave 1' });
    expect(screen.queryByRole('button', { name: /Remind/ })).not.toBeInTheDocument();
  });

  it('a rollout that is not visible reads as not found', async () => {
    mockApi({});
    renderWithProviders(<RolloutPage />, { route: '/rollouts/r9', path: '/rollouts/:rolloutId', user: brandManager });
    expect(await screen.findByText(/does not exist, or you do not have access/)).toBeInTheDocument();
  });
});

describe('RolloutsPage', () => {
  it('lists rollouts linking to their pages', async () => {
    mockApi({
      'GET /rollouts': () => ({
        items: [{ id: 'r1', brandId: BRAND_ID, templateId: 't1', templateName: 'Autumn sale', name: 'Autumn wave 1', createdBy: 'u1', createdByName: 'Bella', createdAt: '2026-11-20T10:00:00Z' }],
        page: 1,
        pageSize: 20,
        total: 1,
      }),
    });
    renderWithProviders(<RolloutsPage />, { route: '/rollouts', user: brandManager });
    expect(await screen.findByRole('link', { name: 'Autumn wave 1' })).toHaveAttribute('href', '/rollouts/r1');
  });
});
