import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ImportJob } from '../api/types';
import { BRAND_ID, json, makeUser, mockApi, renderWithProviders } from '../test/utils';
import ImportPage from './ImportPage';

const brand = { id: BRAND_ID, name: 'Northwind Coffee', slug: 'northwind', settings: {}, createdAt: '', updatedAt: '' };

function job(overrides: Partial<ImportJob>): ImportJob {
  return {
    id: 'job-1',
    brandId: BRAND_ID,
    status: 'running',
    dryRun: true,
    fileName: 'stores.xlsx',
    totalRows: 4,
    processedRows: 2,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
    ...overrides,
  };
}

describe('ImportPage', () => {
  it('runs a dry run with progress, shows per-row errors, then imports', async () => {
    let polls = 0;
    const { calls } = mockApi({
      'GET /brands/*': () => brand,
      'POST /brands/*/locations/import': ({ url }) =>
        url.searchParams.get('dryRun') === 'true'
          ? json(202, job({ status: 'queued', processedRows: 0 }), { Location: '/api/v1/imports/job-1' })
          : json(202, { id: 'job-2', status: 'queued' }, { Location: '/api/v1/imports/job-2' }),
      'GET /imports/job-1': () =>
        ++polls < 2
          ? job({})
          : job({ status: 'succeeded', processedRows: 4, created: 2, updated: 1, failed: 1, errors: [{ row: 5, column: 'timeZone', message: 'Unknown time zone "Mars/Base".' }] }),
      'GET /imports/job-2': () => job({ id: 'job-2', dryRun: false, status: 'succeeded', processedRows: 4, created: 2, updated: 1, failed: 1 }),
    });
    renderWithProviders(<ImportPage />, { route: `/brands/${BRAND_ID}/import`, path: '/brands/:brandId/import', user: makeUser('brandManager') });
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Import locations' });

    const file = new File(['a'], 'stores.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    await user.upload(screen.getByLabelText('Spreadsheet file'), file);
    expect(screen.getByText('stores.xlsx')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Check file (dry run)' }));

    const bar = await screen.findByRole('progressbar', { name: 'Import progress' });
    expect(bar).toBeInTheDocument();
    const result = await screen.findByTestId('import-result', {}, { timeout: 4000 });
    expect(within(result).getByText('Would be created').nextSibling).toHaveTextContent('2');
    expect(within(result).getByRole('cell', { name: 'Unknown time zone "Mars/Base".' })).toBeInTheDocument();
    expect(within(result).getByRole('button', { name: 'Download error CSV' })).toBeInTheDocument();
    const upload = calls.find((c) => c.method === 'POST')!;
    expect(upload.body).toBeInstanceOf(FormData);
    expect((upload.body as FormData).get('file')).toBeInstanceOf(File);

    await user.click(await screen.findByRole('button', { name: 'Import 3 locations' }));
    expect(await screen.findByRole('link', { name: 'View locations' }, { timeout: 4000 })).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url.searchParams.get('dryRun'))).toEqual(['true', 'false']);
  });

  it('refuses files that are not spreadsheets', async () => {
    mockApi({ 'GET /brands/*': () => brand });
    renderWithProviders(<ImportPage />, { route: `/brands/${BRAND_ID}/import`, path: '/brands/:brandId/import', user: makeUser('brandManager') });
    const user = userEvent.setup({ applyAccept: false });
    await screen.findByRole('heading', { name: 'Import locations' });
    await user.upload(screen.getByLabelText('Spreadsheet file'), new File(['x'], 'notes.txt', { type: 'text/plain' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Choose an Excel (.xlsx, .xls) or CSV file.');
    expect(screen.getByRole('button', { name: 'Check file (dry run)' })).toBeDisabled();
  });
});

describe('import outcome wording', () => {
  it('a finished import with failed rows says "completed with N row errors", not succeeded', async () => {
    mockApi({
      'GET /brands/*': () => brand,
      'GET /imports': () => ({
        items: [{ ...job({ id: 'job-9', dryRun: false, status: 'succeeded', created: 3, failed: 2 }), createdAt: new Date().toISOString() }],
        page: 1,
        pageSize: 5,
        total: 1,
      }),
      'GET /imports/job-9': () => job({ id: 'job-9', dryRun: false, status: 'succeeded', processedRows: 5, created: 3, failed: 2 }),
    });
    renderWithProviders(<ImportPage />, { route: `/brands/${BRAND_ID}/import`, path: '/brands/:brandId/import', user: makeUser('brandManager') });
    const recent = await screen.findByRole('button', { name: /stores\.xlsx/ });
    expect(recent).toHaveTextContent('Completed with 2 row errors');
    expect(recent).not.toHaveTextContent(/succeeded/i);
    await userEvent.setup().click(recent);
    expect(await screen.findByText('The import completed with 2 row errors: those rows were not imported.')).toBeInTheDocument();
    expect(screen.queryByText(/succeeded/i)).not.toBeInTheDocument();
  });
});
