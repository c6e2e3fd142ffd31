import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { json, makeUser, mockApi, renderWithProviders } from '../test/utils';
import { basketLines, cleanOffer, type OfferSpec } from './api';
import { OfferCard, OfferEditor } from './OfferEditor';

function Harness({ initial }: { initial: OfferSpec | null }) {
  const [offer, setOffer] = useState<OfferSpec | null>(initial);
  return <OfferCard value={offer} onChange={setOffer} locationId="l1" />;
}

const priced = {
  currency: 'USD', at: '2026-03-07T15:00:00Z', localTime: '2026-03-07T09:00', timeZone: 'America/Chicago',
  lines: [{ sku: 'SH-1', unitPrice: '4.99', quantity: 2, discount: '2.00' }],
  applied: [{ campaignId: null, index: 0, type: 'percentOff', discount: '2.00', reason: '20% off 2 qualifying items.' }],
  skipped: [], subtotal: '9.98', discount: '2.00', total: '7.98',
};

describe('OfferEditor', () => {
  it('prices the basket on the server as items are added and shows the till total with the reasons', async () => {
    const { calls } = mockApi({ 'POST /offers/preview': () => priced });
    renderWithProviders(<Harness initial={{ type: 'percentOff', value: '20', appliesTo: { skus: ['SH-1'] }, stackable: false, priority: 0 }} />, { user: makeUser('brandManager') });
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('Line 1 sku'), 'SH-1');
    await user.type(screen.getByLabelText('Line 1 price'), '4.99');
    await user.clear(screen.getByLabelText('Line 1 quantity'));
    await user.type(screen.getByLabelText('Line 1 quantity'), '2');

    expect(await screen.findByTestId('basket-total', {}, { timeout: 3000 })).toHaveTextContent('7.98 USD');
    expect(screen.getByText('20% off 2 qualifying items.')).toBeInTheDocument();
    const last = calls.filter((c) => c.path === '/offers/preview').at(-1)!;
    expect(last.body).toEqual({
      offers: [{ type: 'percentOff', value: '20', appliesTo: { skus: ['SH-1'], categories: null }, stackable: false, priority: 0 }],
      locationId: 'l1',
      basket: { lines: [{ sku: 'SH-1', unitPrice: '4.99', quantity: 2 }] },
    });
  });

  it("shows the server's field errors and the preview's refusal", async () => {
    mockApi({ 'POST /offers/preview': () => json(400, { status: 400, title: 'Validation failed', errors: { 'offers[0].value': ['value must be more than 0 and at most 100.'] } }) });
    renderWithProviders(<Harness initial={{ type: 'percentOff', value: '150', appliesTo: { skus: ['A'] } }} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Line 1 sku'), 'A');
    await user.type(screen.getByLabelText('Line 1 price'), '1');
    expect(await screen.findByRole('alert', {}, { timeout: 3000 })).toHaveTextContent('value must be more than 0 and at most 100.');
  });

  it('shows only the fields of the chosen type and field errors under their names', async () => {
    let value: OfferSpec | null = { type: 'buyXGetY', buyQuantity: 2, getQuantity: 1, appliesTo: { categories: ['snacks'] } };
    renderWithProviders(<OfferEditor value={value} onChange={(o) => (value = o)} errors={{ 'offer.buyQuantity': 'buyQuantity must be from 1 to 10000.' }} />);
    expect(screen.getByLabelText(/Buy quantity/)).toHaveValue(2);
    expect(screen.queryByLabelText(/Bundle price/)).not.toBeInTheDocument();
    expect(screen.getByText('buyQuantity must be from 1 to 10000.')).toBeInTheDocument();
    await userEvent.setup().selectOptions(screen.getByLabelText(/Offer type/), 'tiered');
    await waitFor(() => expect(value?.type).toBe('tiered'));
  });

  it('sends only what the type uses and leaves blank basket lines out', () => {
    expect(cleanOffer({ type: 'percentOff', value: '10', bundlePrice: '5', buyQuantity: 3, appliesTo: { skus: [], categories: ['tea'] } })).toEqual({
      type: 'percentOff', value: '10', appliesTo: { skus: null, categories: ['tea'] }, stackable: false, priority: 0,
    });
    expect(basketLines([{ sku: ' ', category: '', unitPrice: '1', quantity: 1 }, { sku: 'A', category: ' ', unitPrice: '2.50', quantity: 0 }])).toEqual([
      { sku: 'A', category: undefined, unitPrice: '2.50', quantity: 1 },
    ]);
  });
});
