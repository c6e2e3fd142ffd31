import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { BRAND_ID, json, makeUser, mockApi, renderWithProviders } from '../test/utils';
import { BrandForm } from './BrandDialog';

const brand = {
  id: BRAND_ID,
  name: 'Northwind Coffee',
  slug: 'northwind',
  settings: { voice: 'Warm', guidelines: 'No free items', approvalReminderHours: 24, defaultTimeZone: 'America/Chicago', logoUrl: 'https://x/logo.png' },
  createdAt: '',
  updatedAt: '',
};

describe('BrandForm', () => {
  it('derives the slug from a new brand name and validates it', async () => {
    const { calls } = mockApi({ 'POST /brands': ({ body }) => json(201, { ...(body as object), id: 'b2', createdAt: '', updatedAt: '' }) });
    const onSaved = vi.fn();
    renderWithProviders(<BrandForm onSaved={onSaved} />, { user: makeUser('admin') });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/^Name/), 'Fabrikam Café & Bakery');
    expect(screen.getByLabelText(/^Slug/)).toHaveValue('fabrikam-cafe-bakery');
    await user.click(screen.getByRole('button', { name: 'Create brand' }));
    await screen.findByText('Brand created');
    expect(calls[0].body).toMatchObject({ name: 'Fabrikam Café & Bakery', slug: 'fabrikam-cafe-bakery' });
    expect(onSaved).toHaveBeenCalled();
  });

  it('keeps settings it does not show and reports a taken slug', async () => {
    const { calls } = mockApi({ 'PATCH /brands/*': () => json(409, { status: 409, title: 'Conflict', detail: 'That slug is already used by another brand.' }) });
    renderWithProviders(<BrandForm brand={brand} onSaved={() => {}} />, { user: makeUser('admin') });
    const user = userEvent.setup();
    const voice = screen.getByLabelText(/Brand voice/);
    await user.clear(voice);
    await user.type(voice, 'Warm and brief');
    await user.click(screen.getByRole('button', { name: 'Save brand' }));
    expect(await screen.findByText('That slug is already used by another brand.')).toBeInTheDocument();
    expect(calls[0].body).toEqual({
      name: 'Northwind Coffee',
      slug: 'northwind',
      settings: { voice: 'Warm and brief', guidelines: 'No free items', approvalReminderHours: 24, defaultTimeZone: 'America/Chicago', logoUrl: 'https://x/logo.png' },
    });
  });
});
