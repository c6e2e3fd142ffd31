import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BRAND_ID, json, makeUser, mockApi, renderWithProviders } from '../test/utils';
import TemplateEditorPage from './TemplateEditorPage';

const brands = { items: [{ id: BRAND_ID, name: 'Northwind', slug: 'northwind', settings: {} }], page: 1, pageSize: 100, total: 1 };
const locations = { items: [{ id: 'l1', brandId: BRAND_ID, name: 'Downtown', storeNumber: '101', timeZone: 'America/Chicago' }], page: 1, pageSize: 100, total: 1 };

describe('TemplateEditorPage', () => {
  it('declares a variable from its chip, previews live and saves typed defaults', async () => {
    const { calls } = mockApi({
      'GET /brands': () => brands,
      'GET /templates': () => ({ items: [], page: 1, pageSize: 100, total: 0 }),
      'GET /brands/*/locations': () => locations,
      'POST /templates/preview': ({ body }) => {
        const content = (body as { content: string }).content;
        return content.includes('{{#')
          ? json(400, { status: 400, title: 'Template error', detail: 'Unclosed block at line 1, column 7.' })
          : {
              // Like the server: sample values over declared defaults.
              rendered: content.replace(
                '{{discount}}',
                String(
                  (body as { sampleData: { discount?: number } }).sampleData.discount ??
                    (body as { variables: { name: string; default: unknown }[] }).variables.find((v) => v.name === 'discount')?.default ??
                    '',
                ),
              ),
              variablesUsed: ['discount'],
              missing: [],
            };
      },
      'POST /templates': ({ body }) => json(201, { ...(body as object), id: 't9', createdAt: '', updatedAt: '' }),
    });
    renderWithProviders(<TemplateEditorPage />, { route: '/templates/new', path: '/templates/new', user: makeUser('brandManager') });
    const user = userEvent.setup();

    await user.type(screen.getByLabelText(/^Name/), 'Spring Sale');
    const content = screen.getByLabelText(/Template content/);
    fireEvent.change(content, { target: { value: 'Save {{discount}}% today' } });

    await user.click(await screen.findByRole('button', { name: /discount · declare/ }));
    await user.selectOptions(screen.getByLabelText('Variable 1 type'), 'percent');
    await user.type(screen.getByLabelText('Variable 1 default'), '20');
    await user.click(screen.getByLabelText('Variable 1 required'));
    expect(await screen.findByText('Save 20% today', {}, { timeout: 3000 })).toBeInTheDocument();

    fireEvent.change(content, { target: { value: 'Save {{#if x}} {{discount}}%' } });
    expect(await screen.findByText('Unclosed block at line 1, column 7.', {}, { timeout: 3000 })).toBeInTheDocument();
    fireEvent.change(content, { target: { value: 'Save {{discount}}% today' } });

    await user.click(screen.getByRole('button', { name: 'Create template' }));
    await screen.findByText('Template created');
    expect(calls.find((c) => c.method === 'POST' && c.path === '/templates')?.body).toEqual({
      brandId: BRAND_ID,
      name: 'Spring Sale',
      description: '',
      campaignType: 'email',
      content: 'Save {{discount}}% today',
      variables: [{ name: 'discount', label: 'Discount', type: 'percent', required: true, default: 20 }],
      isActive: true,
    });
  });

  it('is read-only for a location manager', async () => {
    mockApi({
      'GET /templates/t1': () => ({
        id: 't1',
        brandId: BRAND_ID,
        name: 'Holiday Promo',
        description: '',
        campaignType: 'email',
        content: 'Save {{discount}}%',
        variables: [{ name: 'discount', label: 'Discount', type: 'percent', required: true, default: 15 }],
        isActive: true,
        createdAt: '',
        updatedAt: '',
      }),
      'GET /templates': () => ({ items: [], page: 1, pageSize: 100, total: 0 }),
      'GET /brands/*/locations': () => locations,
      'POST /templates/preview': () => ({ rendered: 'Save 15%', variablesUsed: ['discount'], missing: [] }),
    });
    renderWithProviders(<TemplateEditorPage />, { route: '/templates/t1', path: '/templates/:templateId', user: makeUser('locationManager') });
    expect(await screen.findByRole('heading', { level: 1, name: 'Holiday Promo' })).toBeInTheDocument();
    expect(screen.getByLabelText(/Template content/)).toHaveAttribute('readonly');
    expect(screen.queryByRole('button', { name: /Save template|Delete/ })).toBeNull();
    expect(screen.getByRole('link', { name: 'Use template' })).toHaveAttribute('href', '/campaigns/new?templateId=t1&mode=rollout');
  });

  it('declares chips with a type inferred from name and usage, lets the author change it, and checks samples by type', async () => {
    const { calls } = mockApi({
      'GET /brands': () => brands,
      'GET /templates': () => ({ items: [], page: 1, pageSize: 100, total: 0 }),
      'GET /brands/*/locations': () => locations,
      'POST /templates/preview': () => ({ rendered: 'ok', variablesUsed: [], missing: [] }),
      'POST /templates': ({ body }) => json(201, { ...(body as object), id: 't9', createdAt: '', updatedAt: '' }),
    });
    renderWithProviders(<TemplateEditorPage />, { route: '/templates/new', path: '/templates/new', user: makeUser('brandManager') });
    const user = userEvent.setup();
    await user.type(screen.getAllByLabelText(/^Name/)[0], 'Typed');
    fireEvent.change(screen.getByLabelText(/Template content/), {
      target: { value: 'Save {{amount}}% until {{offerEnd}} at {{shopLink}}: {{price}} for {{headline}}' },
    });
    for (const name of ['amount', 'offerEnd', 'shopLink', 'price', 'headline']) await user.click(await screen.findByRole('button', { name: new RegExp(`^${name} · declare`) }));
    expect(screen.getByLabelText('Variable 1 type')).toHaveValue('percent');
    expect(screen.getByLabelText('Variable 2 type')).toHaveValue('date');
    expect(screen.getByLabelText('Variable 3 type')).toHaveValue('url');
    expect(screen.getByLabelText('Variable 4 type')).toHaveValue('number');
    expect(screen.getByLabelText('Variable 5 type')).toHaveValue('text');

    // A sample that does not fit its type says so at once.
    await user.type(screen.getByLabelText('Shop link'), 'not a link');
    expect(await screen.findByText('Enter a full URL starting with http:// or https://')).toBeInTheDocument();

    // The author can override a guess.
    await user.selectOptions(screen.getByLabelText('Variable 4 type'), 'text');
    await user.click(screen.getByRole('button', { name: 'Create template' }));
    await screen.findByText('Template created');
    const saved = calls.find((c) => c.method === 'POST' && c.path === '/templates')?.body as { variables: { name: string; type: string }[] };
    expect(saved.variables.map((v) => [v.name, v.type])).toEqual([
      ['amount', 'percent'],
      ['offerEnd', 'date'],
      ['shopLink', 'url'],
      ['price', 'text'],
      ['headline', 'text'],
    ]);
  });
});
