import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BRAND_ID, json, makeUser, mockApi, renderWithProviders } from '../test/utils';
import CampaignDetailPage from './CampaignDetailPage';

const campaign = {
  id: 'c1',
  brandId: BRAND_ID,
  locationId: 'l1',
  locationName: 'Northwind Downtown',
  storeNumber: '101',
  timeZone: 'America/Chicago',
  templateId: 't1',
  templateName: 'Holiday Promo',
  name: 'Holiday Promo – Downtown',
  customizations: { discount: 15 },
  renderedContent: 'Save 15% at Northwind Downtown',
  generatedContent: null,
  status: 'rejected',
  scheduledStart: null,
  scheduledEnd: null,
  createdBy: 'user-locationManager',
  createdByName: 'Leo Location',
  createdAt: '2026-11-20T10:00:00Z',
  updatedAt: '2026-11-20T12:00:00Z',
  version: 3,
};

const history = [
  { fromStatus: 'pendingReview', toStatus: 'rejected', action: 'reject', actor: 'bm', actorName: 'Bella Brand', comment: 'Use the new holiday artwork', at: '2026-11-20T12:00:00Z' },
  { fromStatus: 'draft', toStatus: 'pendingReview', action: 'submit', actor: 'user-locationManager', actorName: 'Leo Location', comment: null, at: '2026-11-20T11:00:00Z' },
  { fromStatus: null, toStatus: 'draft', action: 'create', actor: 'user-locationManager', actorName: 'Leo Location', comment: null, at: '2026-11-20T10:00:00Z' },
];

function routes(extra = {}) {
  return {
    'GET /campaigns/c1': () => json(200, campaign, { ETag: 'W/"3"' }),
    'GET /campaigns/c1/history': () => history,
    'GET /campaigns/c1/similar': () => ({ items: [] }),
    ...extra,
  };
}

describe('CampaignDetailPage', () => {
  it('shows the author why the campaign was rejected and offers Revise', async () => {
    mockApi(routes());
    renderWithProviders(<CampaignDetailPage />, { route: '/campaigns/c1', path: '/campaigns/:campaignId', user: makeUser('locationManager') });
    const banner = await screen.findByTestId('rejection-banner');
    expect(banner).toHaveTextContent('Rejected by Bella Brand');
    expect(banner).toHaveTextContent('Use the new holiday artwork');
    expect(screen.getByRole('button', { name: 'Revise' })).toBeInTheDocument();
    expect(screen.getByText('Save 15% at Northwind Downtown')).toBeInTheDocument();
    expect(await screen.findByText('No similar campaigns yet.')).toBeInTheDocument();
  });

  it('revises with the ETag it read', async () => {
    const { calls } = mockApi(routes({ 'POST /campaigns/c1/revise': () => ({ ...campaign, status: 'draft' }) }));
    renderWithProviders(<CampaignDetailPage />, { route: '/campaigns/c1', path: '/campaigns/:campaignId', user: makeUser('locationManager') });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Revise' }));
    await user.click(screen.getByRole('button', { name: 'Back to draft' }));
    await screen.findByText(/Back in draft/);
    const revise = calls.find((c) => c.path === '/campaigns/c1/revise')!;
    expect(revise.headers.get('If-Match')).toBe('W/"3"');
  });

  it('offers no workflow buttons to a viewer', async () => {
    mockApi(routes());
    renderWithProviders(<CampaignDetailPage />, { route: '/campaigns/c1', path: '/campaigns/:campaignId', user: makeUser('viewer') });
    await screen.findByTestId('rejection-banner');
    expect(screen.queryByRole('group', { name: 'Workflow actions' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });

  it('shows "not found" for a campaign of another brand (404)', async () => {
    mockApi({ 'GET /campaigns/c1': () => json(404, { status: 404, title: 'Not found', detail: 'The campaign does not exist or is not visible to you.' }) });
    renderWithProviders(<CampaignDetailPage />, { route: '/campaigns/c1', path: '/campaigns/:campaignId', user: makeUser('locationManager') });
    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeInTheDocument();
  });
});
