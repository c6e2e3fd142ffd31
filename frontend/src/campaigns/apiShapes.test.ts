import { describe, expect, it } from 'vitest';
import type { Campaign, TemplateVariable } from '../api/types';
import { toApprovalItem } from '../approvals/api';
import { makeUser, mockApi } from '../test/utils';
import { campaignsApi, itemErrorText } from './api';
import { toCustomizations, validateCustomizations } from './CustomizationFields';
import { availableActions } from './workflow';

const variables: TemplateVariable[] = [
  { name: 'discount', label: 'Discount', type: 'percent', required: true, default: '15' },
  { name: 'endDate', label: 'Ends on', type: 'date', required: false, default: 'Dec 31' },
];

describe('customizations sent to the API', () => {
  it('leaves untouched defaults to the server and types numbers', () => {
    expect(toCustomizations(variables, { discount: '15', endDate: 'Dec 31' })).toEqual({});
    expect(toCustomizations(variables, { discount: '20', endDate: '2026-12-24' })).toEqual({ discount: 20, endDate: '2026-12-24' });
  });

  it('asks for ISO dates unless the default is kept', () => {
    expect(validateCustomizations(variables, { discount: '15', endDate: 'Dec 31' })).toEqual({});
    expect(validateCustomizations(variables, { discount: '15', endDate: 'Christmas' })).toEqual({ endDate: 'Enter a date as YYYY-MM-DD' });
  });
});

describe('API shapes', () => {
  it('flattens approval queue items', () => {
    const campaign = { id: 'c1', name: 'X' } as Campaign;
    expect(toApprovalItem({ waitingSince: '2026-11-20T10:00:00Z', campaign })).toEqual({ id: 'c1', name: 'X', waitingSince: '2026-11-20T10:00:00Z' });
  });

  it('reads per-item errors given as objects or strings', async () => {
    expect(itemErrorText({ status: 409, detail: 'Cannot submit a campaign that is approved.' })).toBe('Cannot submit a campaign that is approved.');
    expect(itemErrorText('plain')).toBe('plain');
    expect(itemErrorText(null)).toBeUndefined();
    mockApi({
      'POST /campaigns/bulk': () => ({
        created: 1,
        failed: 1,
        results: [
          { locationId: 'l1', campaignId: 'c1', status: 'created', error: null },
          { locationId: 'l2', campaignId: null, status: 'failed', error: { status: 400, detail: 'The location is inactive.' } },
        ],
      }),
    });
    const res = await campaignsApi.bulkCreate({ templateId: 't', locationIds: ['l1', 'l2'], customizations: {} });
    expect(res.results.map((r) => r.error)).toEqual([undefined, 'The location is inactive.']);
  });

  it('prefers the workflow actions the API computed', () => {
    const base = { status: 'pendingReview', brandId: 'b', locationId: 'l', createdBy: 'x' } as const;
    const bm = makeUser('brandManager', { brandIds: ['b'] });
    expect(availableActions({ ...base }, bm)).toEqual(['approve', 'reject']);
    expect(availableActions({ ...base, availableActions: [] }, bm)).toEqual([]);
    expect(availableActions({ ...base, status: 'draft', availableActions: ['submit'] }, bm)).toEqual(['submit', 'edit', 'generate', 'delete']);
  });
});
