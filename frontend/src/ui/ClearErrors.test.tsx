import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type FormEvent } from 'react';
import { describe, expect, it } from 'vitest';
import { ScheduleDialog } from '../campaigns/ScheduleDialog';
import NewCampaignPage from '../campaigns/NewCampaignPage';
import TemplateEditorPage from '../templates/TemplateEditorPage';
import { UserDialog } from '../users/UserDialog';
import { BRAND_ID, makeUser, mockApi, renderWithProviders } from '../test/utils';
import { Field, Input } from './Form';

// Issue 14, item 15: a validation message goes as soon as its field is edited, and comes back only when the
// form is submitted again with the value still wrong.

function Demo() {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(value.length < 3 ? 'At least 3 characters' : undefined);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Field label="Code" error={error}>
        {(p) => <Input {...p} value={value} onChange={(e) => setValue(e.target.value)} />}
      </Field>
      <button type="submit">Save</button>
    </form>
  );
}

const brands = { items: [{ id: BRAND_ID, name: 'Northwind Coffee', slug: 'northwind', settings: {}, createdAt: '', updatedAt: '' }], page: 1, pageSize: 100, total: 1 };

describe('validation messages clear when the field is edited', () => {
  it('Field: hidden on edit, shown again on a new submit with the value still wrong', async () => {
    render(<Demo />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByText('At least 3 characters')).toBeInTheDocument();
    expect(screen.getByLabelText('Code')).toHaveAttribute('aria-invalid', 'true');
    await user.type(screen.getByLabelText('Code'), 'a');
    expect(screen.queryByText('At least 3 characters')).toBeNull();
    expect(screen.getByLabelText('Code')).not.toHaveAttribute('aria-invalid');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByText('At least 3 characters')).toBeInTheDocument();
  });

  it('invite user: username, password and brand messages go when fixed', async () => {
    mockApi({ 'GET /brands': () => brands });
    renderWithProviders(<UserDialog open onClose={() => {}} />, { user: makeUser('admin') });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Create user' }));
    expect(screen.getByText('At least 10 characters')).toBeInTheDocument();
    expect(screen.getByText('Choose at least one brand')).toBeInTheDocument();
    await user.type(screen.getByLabelText(/Username/), 'new.person');
    expect(screen.queryByText(/3–64 letters/)).toBeNull();
    await user.type(screen.getByLabelText(/Initial password/), 'a long enough one');
    expect(screen.queryByText('At least 10 characters')).toBeNull();
    await user.click(await screen.findByLabelText('Northwind Coffee'));
    expect(screen.queryByText('Choose at least one brand')).toBeNull();
  });

  it('schedule dialog: "end after start" goes once the start is moved', async () => {
    render(<ScheduleDialog open onClose={() => {}} timeZone="America/Chicago" locationName="Downtown" initialStart="2030-01-10T15:00:00Z" initialEnd="2030-01-05T15:00:00Z" onConfirm={async () => {}} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Schedule' }));
    expect(screen.getByText('The end must be after the start.')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/Starts/), { target: { value: '2030-01-01T09:00' } });
    expect(screen.queryByText('The end must be after the start.')).toBeNull();
  });

  it('template editor: the name and a variable row lose their messages when fixed', async () => {
    mockApi({
      'GET /brands': () => brands,
      'GET /templates': () => ({ items: [], page: 1, pageSize: 100, total: 0 }),
      'GET /brands/*/locations': () => ({ items: [], page: 1, pageSize: 100, total: 0 }),
      'POST /templates/preview': () => ({ rendered: '', variablesUsed: [], missing: [] }),
    });
    renderWithProviders(<TemplateEditorPage />, { route: '/templates/new', path: '/templates/new', user: makeUser('brandManager') });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add variable' }));
    await user.type(screen.getByLabelText('Variable 1 name'), '9lives');
    await user.click(screen.getByRole('button', { name: 'Create template' }));
    expect(screen.getByText('Give the template a name')).toBeInTheDocument();
    expect(screen.getByText(/must not start with a digit/)).toBeInTheDocument();
    await user.type(screen.getAllByLabelText(/^Name/)[0], 'Spring');
    expect(screen.queryByText('Give the template a name')).toBeNull();
    await user.clear(screen.getByLabelText('Variable 1 name'));
    await user.type(screen.getByLabelText('Variable 1 name'), 'lives');
    expect(screen.queryByText(/must not start with a digit/)).toBeNull();
  });

  it('new campaign: a customization message goes when the value is changed', async () => {
    const template = {
      id: 't1',
      brandId: BRAND_ID,
      name: 'Promo',
      description: '',
      campaignType: 'email',
      content: '{{headline}}',
      variables: [{ name: 'headline', label: 'Headline', type: 'text', required: true, default: null }],
      isActive: true,
      createdAt: '',
      updatedAt: '',
    };
    mockApi({
      'GET /brands': () => brands,
      'GET /templates': () => ({ items: [template], page: 1, pageSize: 100, total: 1 }),
      'GET /templates/t1': () => template,
      'GET /brands/*/locations': () => ({ items: [], page: 1, pageSize: 10, total: 0 }),
      'POST /templates/preview': () => ({ rendered: '', variablesUsed: [], missing: [] }),
    });
    renderWithProviders(<NewCampaignPage />, { route: '/campaigns/new?templateId=t1', user: makeUser('locationManager') });
    const user = userEvent.setup();
    const headline = await screen.findByLabelText(/Headline/);
    await user.click(screen.getByRole('button', { name: /Create/ }));
    expect(screen.getByText('Headline is required')).toBeInTheDocument();
    expect(screen.getByText('Choose a location')).toBeInTheDocument();
    await user.type(headline, 'Big sale');
    expect(screen.queryByText('Headline is required')).toBeNull();
  });
});
