import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { Notification } from '../api/types';
import { makeUser, mockApi, renderWithProviders } from '../test/utils';
import { NotificationsMenu } from './NotificationsMenu';

function Where() {
  return <p data-testid="where">{useLocation().pathname}</p>;
}

const at = new Date(Date.now() - 3_600_000).toISOString();
const items: Notification[] = [
  { id: 'n1', kind: 'digest', title: '2 campaigns wait for your review', body: 'The oldest has waited since 2026-11-30 12:30 UTC (4 days).', campaignId: null, campaignName: null, createdAt: at, readAt: null, rolloutId: null },
  { id: 'n2', kind: 'campaignRejected', title: 'Rejected: Spring Sale - Downtown', body: 'Please use the new artwork.', campaignId: 'c-42', campaignName: 'Spring Sale - Downtown', createdAt: at, readAt: null, rolloutId: null },
  { id: 'n3', kind: 'campaignActivated', title: '', body: '', campaignId: 'c-43', campaignName: null, createdAt: at, readAt: '2026-12-01T00:00:00Z', rolloutId: null },
];

async function openMenu() {
  const reads: string[] = [];
  mockApi({
    'GET /notifications': () => ({ items, unread: 2, page: 1, pageSize: 20, total: 3 }),
    'POST /notifications/*/read': ({ path }) => {
      reads.push(path.split('/')[2]);
      return new Response(null, { status: 204 });
    },
  });
  renderWithProviders(
    <>
      <NotificationsMenu />
      <Where />
    </>,
    { user: makeUser('brandManager'), route: '/' },
  );
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'Notifications, 2 unread' }));
  return { user, reads, panel: await screen.findByRole('region', { name: 'Notifications' }) };
}

describe('NotificationsMenu (issue 14, item 13)', () => {
  it('a review digest opens the approvals queue and is marked read; its time is local, not UTC', async () => {
    const { user, reads, panel } = await openMenu();
    const digest = within(panel).getByRole('button', { name: /2 campaigns wait for your review/ });
    expect(digest).not.toHaveTextContent('2026-11-30 12:30');
    expect(digest).toHaveTextContent(/Nov 30, 2026/);
    await user.click(digest);
    expect(screen.getByTestId('where')).toHaveTextContent('/approvals');
    await vi.waitFor(() => expect(reads).toEqual(['n1']));
  });

  it("an author's notification says what happened in plain words and opens the campaign", async () => {
    const { user, panel } = await openMenu();
    const rejected = within(panel).getByRole('button', { name: /Rejected: Spring Sale/ });
    expect(rejected).toHaveTextContent('Your campaign was rejected');
    expect(rejected).toHaveTextContent('Please use the new artwork.');
    // A notification without a title of its own still reads as a sentence.
    expect(within(panel).getByRole('button', { name: /Your campaign is live/ })).toBeInTheDocument();
    await user.click(rejected);
    expect(screen.getByTestId('where')).toHaveTextContent('/campaigns/c-42');
  });

  it('shows unread first under "New", read ones under "Earlier", whatever order they arrive in', async () => {
    mockApi({ 'GET /notifications': () => ({ items: [items[2], items[0], items[1]], unread: 2, page: 1, pageSize: 20, total: 3 }) });
    renderWithProviders(<NotificationsMenu />, { user: makeUser('brandManager'), route: '/' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Notifications, 2 unread' }));
    const panel = await screen.findByRole('region', { name: 'Notifications' });

    const order = within(panel)
      .getAllByRole('listitem')
      .map((li) => li.textContent ?? '');
    expect(order[0]).toMatch(/^New.*2 campaigns wait/);
    expect(order[1]).toMatch(/Rejected: Spring Sale/);
    expect(order[2]).toMatch(/^Earlier.*Your campaign is live/);
  });

  it('a rollout-wide notification opens its rollout; the count drops as soon as it is opened', async () => {
    const rollout = { ...items[1], id: 'n9', kind: 'rolloutReminder', title: 'Winter rollout: your store has not submitted', rolloutId: 'r-7' };
    let unread = 1;
    mockApi({
      'GET /notifications': () => ({ items: [rollout], unread, page: 1, pageSize: 20, total: 1 }),
      'POST /notifications/*/read': () => {
        unread = 0;
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(
      <>
        <NotificationsMenu />
        <Where />
      </>,
      { user: makeUser('locationManager'), route: '/' },
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Notifications, 1 unread' }));

    await user.click(await screen.findByRole('button', { name: /Winter rollout/ }));

    expect(screen.getByTestId('where')).toHaveTextContent('/rollouts/r-7');
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeInTheDocument();
  });
});

