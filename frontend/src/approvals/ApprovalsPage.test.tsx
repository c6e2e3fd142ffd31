import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApprovalItem } from '../api/types';
import { BRAND_ID, makeUser, mockApi, renderWithProviders } from '../test/utils';
import ApprovalsPage from './ApprovalsPage';

const base: ApprovalItem = {
  id: 'c1',
  brandId: BRAND_ID,
  locationId: 'l1',
  locationName: 'Downtown',
  storeNumber: '101',
  timeZone: 'America/Chicago',
  templateId: 't1',
  templateName: 'Holiday Promo',
  name: 'Holiday Promo - Downtown',
  customizations: { discount: 20 },
  renderedContent: 'Save 20% on holiday drinks at Downtown.',
  generatedContent: null,
  status: 'pendingReview',
  scheduledStart: null,
  scheduledEnd: null,
  createdBy: 'u1',
  createdByName: 'Lee Manager',
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-01T10:00:00Z',
  version: 2,
  waitingSince: '2026-12-01T10:00:00Z',
};
const template = {
  id: 't1',
  brandId: BRAND_ID,
  name: 'Holiday Promo',
  description: '',
  campaignType: 'email',
  content: 'Save {{discount}}% on holiday drinks at {{locationName}}.',
  variables: [
    { name: 'discount', label: 'Discount', type: 'percent', required: true, default: 15 },
    { name: 'until', label: 'Until', type: 'date', required: false, default: '2026-12-24' },
  ],
  isActive: true,
  createdAt: '',
  updatedAt: '',
};

describe('ApprovalsPage (issue 14, item 16)', () => {
  it("shows each campaign's copy and what the author changed from the template", async () => {
    const other: ApprovalItem = {
      ...base,
      id: 'c2',
      name: 'Holiday Promo - Airport',
      locationName: 'Airport',
      customizations: { until: '2026-12-24' },
      renderedContent: '<p>Save <strong>15%</strong> at Airport.</p>',
      generatedContent: 'Cozy up at Airport: 15% off holiday drinks!',
    };
    mockApi({
      'GET /approvals': () => ({ items: [base, other], page: 1, pageSize: 100, total: 2 }),
      'GET /templates/t1': () => template,
      'GET /brands': () => ({ items: [], page: 1, pageSize: 100, total: 0 }),
    });
    renderWithProviders(<ApprovalsPage />, { user: makeUser('brandManager') });
    const table = await screen.findByRole('table', { name: 'Approval queue' });
    const [first, second] = await within(table).findAllByTestId('queue-copy');

    expect(first).toHaveTextContent('Save 20% on holiday drinks at Downtown.');
    expect(await within(first).findByText(/Discount:/)).toHaveTextContent('Discount: 20% (template: 15%)');

    // AI copy is what would go out, so that is what is shown; a value equal to the default is no change.
    expect(second).toHaveTextContent('AI-written copy');
    expect(second).toHaveTextContent('Cozy up at Airport: 15% off holiday drinks!');
    expect(await within(second).findByText("No changes from the template's defaults.")).toBeInTheDocument();
  });
});
