import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../api/types';
import { makeUser, mockApi, renderWithProviders } from '../test/utils';
import DashboardPage from './DashboardPage';

const stats = {
  countsByStatus: { draft: 4, pendingReview: 2, approved: 3, rejected: 1, scheduled: 5, active: 6, completed: 7, cancelled: 0 },
  approvalsWaiting: 2,
  medianTimeToApprovalSeconds: 3600,
  goingLiveThisWeek: 1,
  activity: [{ date: '2026-12-01', created: 1, submitted: 1, approved: 0, rejected: 0 }],
};

const campaign = (id: string, status: string, over: Record<string, unknown> = {}) => ({
  id,
  name: `Campaign ${id}`,
  status,
  locationName: 'Downtown',
  timeZone: 'America/Chicago',
  scheduledStart: null,
  updatedAt: '2026-12-01T00:00:00Z',
  ...over,
});

function setup(role: Role) {
  const api = mockApi({
    'GET /stats': () => stats,
    'GET /brands': () => ({ items: [], page: 1, pageSize: 20, total: 0 }),
    'GET /approvals': () => ({ items: [{ campaign: campaign('p1', 'pendingReview'), waitingSince: '2026-12-01T00:00:00Z' }], page: 1, pageSize: 6, total: 1 }),
    'GET /campaigns': ({ url }) => {
      const status = url.searchParams.get('status')!;
      const extra = status === 'approved' ? { scheduledStart: '2026-01-01T09:00:00Z' } : {};
      return { items: [campaign(`${status}-1`, status, extra)], page: 1, pageSize: 6, total: 1 };
    },
    'GET /lifecycle/status': () => ({ now: '2026-12-04T00:00:00Z', lastSweep: null, nextDue: null, backlog: { activate: 0, complete: 0, total: 0 } }),
  });
  renderWithProviders(<DashboardPage />, { user: makeUser(role) });
  return api;
}

const requested = (calls: ReturnType<typeof mockApi>['calls'], path: string) =>
  calls.filter((c) => c.path === path).map((c) => c.url.searchParams.get('status') ?? '');

afterEach(() => vi.unstubAllGlobals());

describe('each role sees only what it can act on (issue 16, item 6)', () => {
  it('a brand manager gets the review queue and approved campaigns to schedule, flagged when their start passed', async () => {
    const { calls } = setup('brandManager');

    expect(await screen.findByRole('link', { name: 'Campaign p1' })).toBeInTheDocument();
    const toSchedule = screen.getByText('Approved, not yet scheduled').closest('section, div.rounded-xl') as HTMLElement;
    expect(await within(toSchedule).findByRole('link', { name: 'Campaign approved-1' })).toBeInTheDocument();
    expect(within(toSchedule).getByText(/start passed .*: schedule or cancel/)).toBeInTheDocument();
    expect(within(screen.getByTestId('dashboard-stats')).getByText('Approvals waiting')).toBeInTheDocument();
    expect(screen.queryByText('Rejected, to revise')).not.toBeInTheDocument();
    expect(screen.queryByText('Drafts to finish')).not.toBeInTheDocument();
    expect(requested(calls, '/campaigns')).toEqual(['approved']);
    expect(calls.some((c) => c.path === '/lifecycle/status')).toBe(false);
  });

  it('a location manager gets their rejected campaigns to revise and drafts to finish, and no review queue', async () => {
    const { calls } = setup('locationManager');

    expect(await screen.findByRole('link', { name: 'Campaign rejected-1' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Campaign draft-1' })).toBeInTheDocument();
    expect(within(screen.getByTestId('dashboard-stats')).getByText('Rejected, to revise')).toBeInTheDocument();
    expect(screen.queryByText(/Waiting for (your )?review/)).not.toBeInTheDocument();
    expect(calls.some((c) => c.path === '/approvals')).toBe(false);
    expect(requested(calls, '/campaigns').sort()).toEqual(['draft', 'rejected']);
    expect(screen.getByRole('link', { name: 'New campaign' })).toBeInTheDocument();
  });

  it('a viewer gets a read-only summary: nothing to act on, no create button', async () => {
    const { calls } = setup('viewer');

    expect(await screen.findByRole('img', { name: /Campaigns by status/ })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Campaign scheduled-1' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'New campaign' })).not.toBeInTheDocument();
    expect(screen.queryByText('Approvals waiting')).not.toBeInTheDocument();
    expect(screen.queryByText('Rejected, to revise')).not.toBeInTheDocument();
    expect(calls.some((c) => c.path === '/approvals')).toBe(false);
    expect(requested(calls, '/campaigns')).toEqual(['scheduled']);
  });

  it('an admin gets the system view: every brand, the review queue and the scheduler', async () => {
    setup('admin');

    expect(await screen.findByTestId('scheduler-status')).toHaveTextContent('none yet');
    expect(screen.getByText('Waiting for review')).toBeInTheDocument();
    expect(within(screen.getByTestId('dashboard-stats')).getByText('Scheduler backlog')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /Campaigns by status/ })).toBeInTheDocument();
  });
});
