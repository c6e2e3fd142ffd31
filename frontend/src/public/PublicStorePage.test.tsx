import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, renderWithProviders } from '../test/utils';
import { offerSummary } from './api';
import PublicStorePage from './PublicStorePage';

const page = {
  brand: { name: 'Alpha Coffee', slug: 'alpha' },
  store: {
    name: 'Alpha Downtown',
    storeNumber: 'A-001',
    address: { street: '1 Main St', city: 'Chicago', state: 'IL', postalCode: '60601', country: 'US' },
    fullAddress: '1 Main St, Chicago, IL 60601, US',
    timeZone: 'America/Chicago',
    hours: { mon: '07:00–19:00', sat: '08:00–20:00' },
  },
  campaigns: [
    { name: 'Spring lattes', content: 'Two for one lattes all week', offer: { type: 'percentOff', value: 20 }, startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' },
  ],
};

describe('PublicStorePage', () => {
  it('shows the store, its hours and live campaigns without signing in or sending a token', async () => {
    const { calls } = mockApi({ 'GET /public/brands/alpha/locations/A-001': () => page });
    renderWithProviders(<PublicStorePage />, { user: null, route: '/s/alpha/A-001', path: '/s/:brandSlug/:storeNumber' });
    expect(await screen.findByRole('heading', { name: 'Alpha Downtown' })).toBeInTheDocument();
    expect(screen.getByText('Two for one lattes all week')).toBeInTheDocument();
    expect(screen.getByText('20% off')).toBeInTheDocument();
    expect(screen.getByText('08:00–20:00')).toBeInTheDocument();
    expect(calls[0].headers.get('Authorization')).toBeNull();
  });

  it('says so when the store does not exist', async () => {
    mockApi({ 'GET /public/brands/*/locations/*': () => json(404, { title: 'Not found', status: 404 }) });
    renderWithProviders(<PublicStorePage />, { user: null, route: '/s/nope/1', path: '/s/:brandSlug/:storeNumber' });
    expect(await screen.findByRole('heading', { name: 'Store not found' })).toBeInTheDocument();
  });

  it('says when nothing is running', async () => {
    mockApi({ 'GET /public/brands/*/locations/*': () => ({ ...page, campaigns: [] }) });
    renderWithProviders(<PublicStorePage />, { user: null, route: '/s/alpha/A-001', path: '/s/:brandSlug/:storeNumber' });
    expect(await screen.findByText(/No offers running right now/)).toBeInTheDocument();
  });
});

describe('offerSummary', () => {
  it.each([
    [{ type: 'percentOff', value: 15 }, '15% off'],
    [{ type: 'amountOff', value: '2.50' }, '2.50 off'],
    [{ type: 'buyXGetY', buyQuantity: 2, getQuantity: 1 }, 'Buy 2, get 1 free'],
    [{ type: 'buyXGetY', buyQuantity: 1, getQuantity: 1, getPercentOff: 50 }, 'Buy 1, get 1 at 50% off'],
    [{ type: 'bundlePrice', bundlePrice: '9.99' }, 'Bundle for 9.99'],
    [{ type: 'tiered', tiers: [{ minSpend: '20', percentOff: 5 }, { minSpend: '50', percentOff: 10 }] }, '5% off from 20 · 10% off from 50'],
    [{ type: 'percentOff', value: 10, requiresVoucher: true, hours: [{ days: ['mon'], start: '07:00', end: '10:00' }] }, '10% off · mon 07:00–10:00 · with voucher'],
  ])('%j reads "%s"', (offer, text) => expect(offerSummary(offer)).toBe(text));

  it('is null for no offer or an unknown type', () => {
    expect(offerSummary(null)).toBeNull();
    expect(offerSummary({ type: 'mystery' })).toBeNull();
    expect(offerSummary([1])).toBeNull();
  });
});
