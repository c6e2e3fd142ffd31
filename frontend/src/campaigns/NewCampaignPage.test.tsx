import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BRAND_ID, makeUser, mockApi, renderWithProviders } from '../test/utils';
import NewCampaignPage from './NewCampaignPage';

const template = {
  id: 't1',
  brandId: BRAND_ID,
  name: 'Holiday Promo',
  description: 'Seasonal offer',
  campaignType: 'email',
  content: 'Save {{discount}}% at {{location.name}}',
  variables: [{ name: 'discount', label: 'Discount', type: 'percent', required: true, default: 15 }],
  isActive: true,
  createdAt: '',
  updatedAt: '',
};
const locations = ['Downtown', 'Airport', 'Harbor', 'Uptown'].map((name, i) => ({
  id: `l${i}`,
  brandId: BRAND_ID,
  name,
  storeNumber: String(100 + i),
  address: { street: '', city: 'Chicago', state: 'IL', postalCode: '', country: 'US' },
  fullAddress: '',
  timeZone: 'America/Chicago',
  latitude: null,
  longitude: null,
  attributes: {},
  isActive: true,
  createdAt: '',
  updatedAt: '',
  version: 1,
}));

describe('NewCampaignPage roll-out', () => {
  it('creates drafts for the checked locations, then submits them all', async () => {
    const { calls } = mockApi({
      'GET /brands': () => ({ items: [{ id: BRAND_ID, name: 'Northwind', slug: 'northwind', settings: {} }], page: 1, pageSize: 100, total: 1 }),
      'GET /templates': () => ({ items: [template], page: 1, pageSize: 100, total: 1 }),
      'GET /templates/t1': () => template,
      'GET /brands/*/locations': () => ({ items: locations, page: 1, pageSize: 10, total: 4 }),
      'POST /templates/preview': () => ({ rendered: 'Save 20% at Downtown', variablesUsed: ['discount'], missing: [] }),
      'POST /campaigns/bulk': ({ body }) => ({
        created: 3,
        failed: 0,
        results: (body as { locationIds: string[] }).locationIds.map((id, i) => ({ locationId: id, campaignId: `c${i}`, status: 'created' })),
      }),
      'POST /campaigns/bulk/submit': () => ({ succeeded: 3, failed: 0, results: [] }),
    });
    renderWithProviders(<NewCampaignPage />, { route: '/campaigns/new?templateId=t1', user: makeUser('locationManager') });
    const user = userEvent.setup();

    await user.click(screen.getByRole('radio', { name: 'Roll out to many locations' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Downtown (#100)' }));
    await user.click(screen.getByRole('checkbox', { name: 'Airport (#101)' }));
    await user.click(screen.getByRole('checkbox', { name: 'Harbor (#102)' }));
    expect(await screen.findByText('Save 20% at Downtown')).toBeInTheDocument();

    const discount = screen.getByLabelText(/Discount/);
    expect(discount).toHaveValue(15);
    await user.clear(discount);
    await user.type(discount, '20');
    await user.type(screen.getByLabelText(/Campaign name/), 'Holiday weekend');
    await user.click(screen.getByRole('button', { name: 'Create 3 campaigns' }));

    expect(await screen.findByText('3 created')).toBeInTheDocument();
    const bulk = calls.find((c) => c.path === '/campaigns/bulk')!;
    expect(bulk.body).toEqual({ templateId: 't1', locationIds: ['l0', 'l1', 'l2'], customizations: { discount: 20 }, name: 'Holiday weekend' });
    expect(bulk.headers.get('Idempotency-Key')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Submit 3 for review' }));
    expect(await screen.findByText('3 submitted for review')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/campaigns/bulk/submit')?.body).toEqual({ campaignIds: ['c0', 'c1', 'c2'] });
  });

  it('requires a location and valid variables', async () => {
    const { calls } = mockApi({
      'GET /brands': () => ({ items: [{ id: BRAND_ID, name: 'Northwind', slug: 'northwind', settings: {} }], page: 1, pageSize: 100, total: 1 }),
      'GET /templates': () => ({ items: [template], page: 1, pageSize: 100, total: 1 }),
      'GET /templates/t1': () => template,
      'GET /brands/*/locations': () => ({ items: locations, page: 1, pageSize: 10, total: 4 }),
      'POST /templates/preview': () => ({ rendered: 'x', variablesUsed: [], missing: ['discount'] }),
    });
    renderWithProviders(<NewCampaignPage />, { route: '/campaigns/new?templateId=t1', user: makeUser('locationManager') });
    const user = userEvent.setup();
    const discount = await screen.findByLabelText(/Discount/);
    await user.clear(discount);
    await user.type(discount, '150');
    await user.click(screen.getByRole('button', { name: 'Create campaign' }));
    expect(screen.getByText('Choose a location')).toBeInTheDocument();
    expect(screen.getByText('Enter a percentage between 0 and 100')).toBeInTheDocument();
    expect(calls.filter((c) => c.path === '/campaigns')).toHaveLength(0);
    expect(within((await screen.findByText('Missing values:')).parentElement!).getByText('discount')).toBeInTheDocument();
  });
});
