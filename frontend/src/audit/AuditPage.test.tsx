import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { makeUser, mockApi, renderWithProviders } from '../test/utils';
import AuditPage from './AuditPage';
import { dayToInstant } from './api';

const entry = (id: number, action: string, over: Record<string, unknown> = {}) => ({
  id,
  at: '2026-11-20T10:00:00Z',
  actorId: 'a1',
  actorName: 'Bea Manager',
  brandId: 'b1',
  action,
  entityType: 'campaign',
  entityId: `e${id}`,
  details: { comment: 'ok' },
  ...over,
});

describe('AuditPage', () => {
  it('lists entries and sends the filters, paging and a CSV export with the same filters', async () => {
    const { calls } = mockApi({
      'GET /brands': () => ({ items: [{ id: 'b1', name: 'Acme', slug: 'acme' }], page: 1, pageSize: 100, total: 1 }),
      'GET /audit': ({ url }) =>
        url.searchParams.get('format') === 'csv'
          ? new Response('at,actor\r\n', { status: 200, headers: { 'Content-Type': 'text/csv' } })
          : { items: [entry(2, 'approve'), entry(1, 'update', { actorId: null, actorName: 'system' })], page: 1, pageSize: 50, total: 2 },
    });
    URL.createObjectURL = () => 'blob:x';
    URL.revokeObjectURL = () => {};
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {}); // jsdom cannot navigate to a download
    renderWithProviders(<AuditPage />, { user: makeUser('brandManager') });
    const user = userEvent.setup();

    const table = await screen.findByRole('table', { name: 'Audit log' });
    expect(await within(table).findByText('approve')).toBeInTheDocument();
    expect(within(table).getByText('system')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Object type'), 'location');
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));

    const list = calls.filter((c) => c.path === '/audit' && !c.url.searchParams.get('format')).at(-1)!;
    expect(list.url.searchParams.get('entityType')).toBe('location');
    expect(list.url.searchParams.get('pageSize')).toBe('50');
    const csv = calls.find((c) => c.path === '/audit' && c.url.searchParams.get('format') === 'csv')!;
    expect(csv.url.searchParams.get('entityType')).toBe('location');
    expect(csv.url.searchParams.get('page')).toBeNull();
  });

  it('narrows to one person when their name is clicked', async () => {
    const { calls } = mockApi({
      'GET /brands': () => ({ items: [], page: 1, pageSize: 100, total: 0 }),
      'GET /audit': () => ({ items: [entry(1, 'update')], page: 1, pageSize: 50, total: 1 }),
    });
    renderWithProviders(<AuditPage />, { user: makeUser('admin') });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Bea Manager' }));

    expect(calls.filter((c) => c.path === '/audit').at(-1)!.url.searchParams.get('actorId')).toBe('a1');
  });
});

describe('dayToInstant', () => {
  it('turns a day into the instant it starts, and the end of a range into the next day', () => {
    expect(dayToInstant('')).toBeUndefined();
    expect(new Date(dayToInstant('2026-11-20')!).getDate()).toBe(20);
    expect(new Date(dayToInstant('2026-11-20', true)!).getDate()).toBe(21);
  });
});
