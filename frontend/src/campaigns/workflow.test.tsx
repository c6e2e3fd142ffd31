import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Campaign, CampaignStatus, Role } from '../api/types';
import { BRAND_ID, makeUser, mockApi, renderWithProviders } from '../test/utils';
import { WorkflowActions } from './WorkflowActions';
import { availableActions } from './workflow';

/** A campaign without the API's `availableActions`, so the UI computes them from its own copy of the transition table. */
function campaign(status: CampaignStatus, overrides: Partial<Campaign> = {}): Campaign {
  const withoutServerActions: Omit<Campaign, 'availableActions'> = {
    id: 'c1',
    brandId: BRAND_ID,
    locationId: 'loc-1',
    locationName: 'Northwind Downtown',
    storeNumber: '101',
    timeZone: 'America/Chicago',
    templateId: 't1',
    templateName: 'Holiday Promo',
    name: 'Holiday Promo – Downtown',
    customizations: { discount: 15 },
    renderedContent: 'Save 15%',
    generatedContent: null,
    status,
    scheduledStart: null,
    scheduledEnd: null,
    scheduledStartLocal: null,
    scheduledEndLocal: null,
    submittedBy: null,
    submittedAt: null,
    createdBy: 'someone-else',
    createdByName: 'Lee Manager',
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-20T10:00:00Z',
    version: 1,
    ...overrides,
  };
  return withoutServerActions as Campaign;
}

// Expected workflow buttons per (status, role), mirroring the API's transition table.
const EXPECTED: Record<CampaignStatus, Record<Role, string[]>> = {
  draft: { admin: ['submit'], brandManager: ['submit'], locationManager: ['submit'], viewer: [] },
  pendingReview: { admin: ['approve', 'reject'], brandManager: ['approve', 'reject'], locationManager: [], viewer: [] },
  rejected: { admin: ['revise'], brandManager: ['revise'], locationManager: ['revise'], viewer: [] },
  approved: { admin: ['schedule', 'cancel'], brandManager: ['schedule', 'cancel'], locationManager: [], viewer: [] },
  scheduled: { admin: ['cancel'], brandManager: ['cancel'], locationManager: [], viewer: [] },
  active: { admin: ['cancel'], brandManager: ['cancel'], locationManager: [], viewer: [] },
  completed: { admin: [], brandManager: [], locationManager: [], viewer: [] },
  cancelled: { admin: [], brandManager: [], locationManager: [], viewer: [] },
};

const BUTTON: Record<string, string> = {
  submit: 'Submit for review',
  approve: 'Approve',
  reject: 'Reject',
  revise: 'Revise',
  schedule: 'Schedule',
  cancel: 'Cancel campaign',
};

const ROLES: Role[] = ['admin', 'brandManager', 'locationManager', 'viewer'];
const cases = (Object.keys(EXPECTED) as CampaignStatus[]).flatMap((status) => ROLES.map((role) => [status, role] as const));

describe('workflow buttons per status and role', () => {
  it.each(cases)('%s campaign, %s', (status, role) => {
    renderWithProviders(<WorkflowActions campaign={campaign(status)} />, { user: makeUser(role) });
    const expected = EXPECTED[status][role].map((a) => BUTTON[a]);
    const group = screen.queryByRole('group', { name: 'Workflow actions' });
    if (expected.length === 0) {
      expect(group).toBeNull();
      return;
    }
    const names = within(group!)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(names).toEqual(expected);
  });
});

describe('availableActions', () => {
  it('lets drafts and rejected campaigns be edited by their editors only', () => {
    expect(availableActions(campaign('draft'), makeUser('locationManager'))).toContain('edit');
    expect(availableActions(campaign('rejected'), makeUser('locationManager'))).toContain('edit');
    expect(availableActions(campaign('pendingReview'), makeUser('locationManager'))).not.toContain('edit');
    expect(availableActions(campaign('draft'), makeUser('viewer'))).toEqual([]);
  });

  it('hides approve and reject from a brand manager who submitted the campaign', () => {
    const bm = makeUser('brandManager');
    expect(availableActions(campaign('pendingReview', { createdBy: bm.id }), bm)).toEqual([]);
    expect(availableActions(campaign('pendingReview', { createdBy: 'x', submittedBy: bm.id }), bm)).toEqual([]);
    expect(availableActions(campaign('pendingReview', { createdBy: bm.id, submittedBy: 'other' }), bm)).toEqual(['approve', 'reject']);
  });

  it('offers nothing for a brand the user is not a member of', () => {
    expect(availableActions(campaign('pendingReview', { brandId: 'other-brand' }), makeUser('brandManager'))).toEqual([]);
  });

  it('limits a location manager with assigned stores to those stores', () => {
    const lm = makeUser('locationManager', { locationIds: ['loc-2'] });
    expect(availableActions(campaign('draft'), lm)).toEqual([]);
    expect(availableActions(campaign('draft', { locationId: 'loc-2' }), lm)).toContain('submit');
  });
});

describe('workflow dialogs', () => {
  it('requires a comment to reject and sends it', async () => {
    const { calls } = mockApi({ 'POST /campaigns/c1/reject': () => campaign('rejected') });
    renderWithProviders(<WorkflowActions campaign={campaign('pendingReview')} etag={'W/"1"'} />, { user: makeUser('brandManager') });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject campaign' });
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(within(dialog).getByText(/A comment is required/)).toBeInTheDocument();
    expect(calls).toHaveLength(0);

    await user.type(within(dialog).getByLabelText(/What needs to change/), 'Use the holiday logo');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await screen.findByText('Campaign rejected');
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/campaigns/c1/reject', body: { comment: 'Use the holiday logo' } });
    expect(calls[0].headers.get('If-Match')).toBe('W/"1"');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('approves with an optional comment', async () => {
    const { calls } = mockApi({ 'POST /campaigns/c1/approve': () => campaign('approved') });
    renderWithProviders(<WorkflowActions campaign={campaign('pendingReview')} />, { user: makeUser('admin') });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Approve' }));
    await screen.findByText('Campaign approved');
    expect(calls[0]).toMatchObject({ path: '/campaigns/c1/approve', body: {} });
  });

  it('shows the server reason when a transition is refused', async () => {
    mockApi({
      'POST /campaigns/c1/submit': () =>
        new Response(JSON.stringify({ status: 409, title: 'Conflict', detail: 'The campaign is no longer a draft.' }), {
          status: 409,
          headers: { 'Content-Type': 'application/problem+json' },
        }),
    });
    renderWithProviders(<WorkflowActions campaign={campaign('draft')} />, { user: makeUser('locationManager') });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Submit for review' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Submit' }));
    expect(await within(screen.getByRole('dialog')).findByRole('alert')).toHaveTextContent('The campaign is no longer a draft.');
  });

  it('schedules in the store time zone', async () => {
    const { calls } = mockApi({ 'POST /campaigns/c1/schedule': () => campaign('scheduled') });
    renderWithProviders(<WorkflowActions campaign={campaign('approved')} />, { user: makeUser('brandManager') });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Schedule' }));
    const dialog = screen.getByRole('dialog', { name: 'Schedule campaign' });
    expect(dialog).toHaveTextContent('America/Chicago');
    const start = within(dialog).getByLabelText(/Starts/);
    const end = within(dialog).getByLabelText(/Ends/);
    await user.clear(start);
    await user.type(start, '2099-12-01T09:00');
    await user.clear(end);
    await user.type(end, '2099-12-08T21:00');
    await user.click(within(dialog).getByRole('button', { name: 'Schedule' }));
    await screen.findByText('Campaign scheduled');
    expect(calls[0].body).toEqual({ scheduledStartLocal: '2099-12-01T09:00', scheduledEndLocal: '2099-12-08T21:00' });
  });

  it('refuses an end before the start without calling the API', async () => {
    const { calls } = mockApi({});
    renderWithProviders(<WorkflowActions campaign={campaign('approved')} />, { user: makeUser('brandManager') });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Schedule' }));
    const dialog = screen.getByRole('dialog', { name: 'Schedule campaign' });
    const start = within(dialog).getByLabelText(/Starts/);
    const end = within(dialog).getByLabelText(/Ends/);
    await user.clear(start);
    await user.type(start, '2099-12-08T09:00');
    await user.clear(end);
    await user.type(end, '2099-12-01T09:00');
    await user.click(within(dialog).getByRole('button', { name: 'Schedule' }));
    expect(within(dialog).getByText('The end must be after the start.')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });
});
