import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { makeUser, mockApi, renderWithProviders } from '../test/utils';
import { mentionAt } from './api';
import { CampaignTimeline } from './CampaignTimeline';

const timeline = [
  { kind: 'comment', at: '2026-11-20T13:00:00Z', actor: 'u2', actorName: 'Vera Viewer', fromStatus: null, toStatus: null, action: null, comment: null, commentId: 'm1', body: 'Ask @leo about the poster' },
  { kind: 'transition', at: '2026-11-20T12:00:00Z', actor: 'bm', actorName: 'Bella Brand', fromStatus: 'pendingReview', toStatus: 'rejected', action: 'reject', comment: 'Use the new artwork', commentId: null, body: null },
];

function setup(extra = {}) {
  const api = mockApi({
    'GET /campaigns/c1/timeline': () => timeline,
    'GET /campaigns/c1/mentionable': ({ url }) =>
      [
        { id: 'u3', username: 'leo.location', displayName: 'Leo Location' },
        { id: 'u4', username: 'leona', displayName: null },
      ].filter((u) => u.username.startsWith(url.searchParams.get('q') ?? '')),
    'POST /campaigns/c1/comments': ({ body }) => ({ id: 'm2', campaignId: 'c1', authorId: 'me', authorName: 'Me', body: (body as { body: string }).body, createdAt: new Date().toISOString() }),
    ...extra,
  });
  renderWithProviders(<CampaignTimeline campaignId="c1" />, { user: makeUser('viewer') });
  return { ...api, user: userEvent.setup() };
}

describe('mentionAt', () => {
  it('finds the @partial before the caret, not inside an e-mail address', () => {
    expect(mentionAt('hi @le', 6)).toEqual({ start: 3, query: 'le' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('mail x@le', 9)).toBeNull();
    expect(mentionAt('hi @le there', 12)).toBeNull();
  });
});

describe('CampaignTimeline', () => {
  it('shows comments and workflow history in one list, newest first', async () => {
    setup();
    const list = await screen.findByRole('list', { name: 'Campaign activity' });
    const items = within(list).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Vera Viewer commented');
    expect(items[0]).toHaveTextContent('Ask @leo about the poster');
    expect(items[1]).toHaveTextContent('Rejected by Bella Brand');
  });

  it('completes an @mention with the keyboard and posts the comment', async () => {
    const { user, calls } = setup();
    const box = await screen.findByRole('combobox', { name: 'Comment' });
    await user.type(box, 'Please check @leo');
    const listbox = await screen.findByRole('listbox', { name: 'People who can see this campaign' });
    expect(await within(listbox).findByRole('option', { name: /leona/ })).toBeInTheDocument();
    expect(box).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(box).toHaveValue('Please check @leona ');
    expect(box).toHaveAttribute('aria-expanded', 'false');
    await user.type(box, 'thanks');
    await user.click(screen.getByRole('button', { name: 'Comment' }));
    await vi.waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ body: 'Please check @leona thanks' }));
    expect(box).toHaveValue('');
  });

  it('Escape closes the suggestions and Enter then types a new line', async () => {
    const { user } = setup();
    const box = await screen.findByRole('combobox', { name: 'Comment' });
    await user.type(box, '@le');
    await screen.findByRole('option', { name: /leo.location/ });
    await user.keyboard('{Escape}');
    expect(box).toHaveAttribute('aria-expanded', 'false');
    await user.keyboard('{Enter}');
    expect(box).toHaveValue('@le\n');
  });

  it('does not send a blank or over-long comment', async () => {
    const { user, calls } = setup();
    const box = await screen.findByRole('combobox', { name: 'Comment' });
    expect(screen.getByRole('button', { name: 'Comment' })).toBeDisabled();
    await user.click(box);
    await user.paste('x'.repeat(4001));
    await user.click(screen.getByRole('button', { name: 'Comment' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('At most 4,000 characters.');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });
});
