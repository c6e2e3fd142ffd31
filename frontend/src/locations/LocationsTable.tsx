import { useMemo, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/problem';
import { Link } from 'react-router';
import type { Location } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useDocumentTitle, useSearchBox, useUrlFilters } from '../lib/hooks';
import { formatRelative } from '../lib/time';
import { Badge, Button, ButtonLink, Card, Dialog, EmptyState, ErrorState, Field, Icon, Input, Pagination, Select, Table, useToast, type Column } from '../ui';
import { patchEach, typedAttributeValue, useLocations, type RowOutcome } from './api';
import { LocationDialog } from './LocationDialog';

const DEFAULTS = { q: '', isActive: '', state: '', city: '', timeZone: '', sort: 'name', page: '1', pageSize: '20' };

/** A brand's stores: server-side search, filters, sorting and paging, all kept in the URL. */
export function LocationsTable({ brandId, brandName }: { brandId: string; brandName?: string }) {
  useDocumentTitle(brandName ? `${brandName} locations` : 'Locations');
  const { can } = useAuth();
  const canManage = can('locations.manage');
  const { values, set, reset } = useUrlFilters(DEFAULTS);
  const [search, setSearch] = useSearchBox(values.q, (q) => set({ q }));
  const [city, setCity] = useSearchBox(values.city, (c) => set({ city: c }));
  const [state, setState] = useSearchBox(values.state, (s) => set({ state: s }));
  const [tz, setTz] = useSearchBox(values.timeZone, (t) => set({ timeZone: t }));
  const page = Math.max(1, Number(values.page) || 1);
  const pageSize = Math.min(100, Number(values.pageSize) || 20);
  const { data, isLoading, isError, error, refetch, isFetching } = useLocations(brandId, {
    q: values.q || undefined,
    isActive: values.isActive || undefined,
    state: values.state || undefined,
    city: values.city || undefined,
    timeZone: values.timeZone || undefined,
    sort: values.sort,
    page,
    pageSize,
  });
  const [editing, setEditing] = useState<Location | null>(null);
  const [creating, setCreating] = useState(false);
  const filtered = values.q || values.isActive || values.state || values.city || values.timeZone;
  const queryClient = useQueryClient();
  const toast = useToast();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkBusy, setBulkBusy] = useState(false);
  const [attrOpen, setAttrOpen] = useState(false);
  const [failures, setFailures] = useState<{ what: string; rows: RowOutcome[] } | null>(null);
  const selectedRows = (data?.items ?? []).filter((l) => selected.has(l.id));

  const runBulk = async (what: string, change: Parameters<typeof patchEach>[1]) => {
    setBulkBusy(true);
    setFailures(null);
    try {
      const outcomes = await patchEach(selectedRows, change, errorMessage);
      const failed = outcomes.filter((o) => !o.ok);
      const done = outcomes.length - failed.length;
      if (failed.length) {
        setFailures({ what, rows: failed });
        toast.error(`${done} of ${outcomes.length} ${what}`, `${failed.length} could not be changed; see the list above the table.`);
      } else toast.success(`${done} location${done === 1 ? '' : 's'} ${what}`);
      // Keep the failed ones selected, so a retry after a reload is one click.
      setSelected(new Set(failed.map((o) => o.location.id)));
    } finally {
      setBulkBusy(false);
      queryClient.invalidateQueries({ queryKey: ['locations'] });
      queryClient.invalidateQueries({ queryKey: ['location'] });
    }
  };

  const columns = useMemo<Column<Location>[]>(
    () => [
      {
        key: 'name',
        header: 'Store',
        sortKey: 'name',
        cell: (l) => (
          <div className="min-w-0 sm:min-w-[12rem]">
            <Link to={`/brands/${l.brandId}/locations/${l.id}`} className="font-medium text-slate-900 hover:text-brand-700">
              {l.name}
            </Link>
            {/* The columns hidden on a phone, in one line under the name. */}
            <p className="text-xs text-slate-500 md:hidden">
              <span className="font-mono">#{l.storeNumber}</span>
              {l.address?.city ? ` · ${[l.address.city, l.address.state].filter(Boolean).join(', ')}` : ''}
            </p>
          </div>
        ),
      },
      { key: 'storeNumber', header: 'Store #', sortKey: 'storeNumber', hideBelow: 'md', cell: (l) => <span className="font-mono text-xs">{l.storeNumber}</span> },
      {
        key: 'city',
        header: 'Address',
        sortKey: 'city',
        hideBelow: 'md',
        cell: (l) => (
          <div className="max-w-xs min-w-[12rem]">
            <span className="block truncate" title={l.fullAddress}>
              {l.address?.street}
            </span>
            <span className="block text-xs text-slate-500">{[l.address?.city, l.address?.state, l.address?.postalCode].filter(Boolean).join(', ')}</span>
          </div>
        ),
      },
      { key: 'tz', header: 'Time zone', hideBelow: 'lg', cell: (l) => <span className="whitespace-nowrap text-slate-600">{l.timeZone}</span> },
      { key: 'active', header: 'Status', cell: (l) => (l.isActive ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>) },
      {
        key: 'createdAt',
        header: 'Added',
        sortKey: 'createdAt',
        hideBelow: 'lg',
        cell: (l) => <span className="whitespace-nowrap text-slate-500">{formatRelative(l.createdAt)}</span>,
      },
      ...(canManage
        ? [
            {
              key: 'edit',
              header: <span className="sr-only">Edit</span>,
              className: 'text-right',
              hideBelow: 'sm' as const,
              cell: (l: Location) => (
                <Button size="sm" variant="ghost" onClick={() => setEditing(l)} aria-label={`Edit ${l.name}`}>
                  Edit
                </Button>
              ),
            },
          ]
        : []),
    ],
    [canManage],
  );

  return (
    <Card bodyClassName="p-0">
      <div className="flex flex-col gap-3 border-b border-slate-100 p-4 lg:flex-row lg:flex-wrap lg:items-center">
        <div className="relative lg:w-64">
          <Icon name="search" className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" />
          <Input type="search" aria-label="Search locations" placeholder="Name, store number, address" className="pl-9" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <Select aria-label="Active" value={values.isActive} onChange={(e) => set({ isActive: e.target.value })} className="lg:w-32">
          <option value="">All</option>
          <option value="true">Active</option>
          <option value="false">Inactive</option>
        </Select>
        <Input aria-label="City" placeholder="City" value={city} onChange={(e) => setCity(e.target.value)} className="lg:w-32" />
        <Input aria-label="State" placeholder="State" value={state} onChange={(e) => setState(e.target.value)} className="lg:w-24" />
        <Input aria-label="Time zone" placeholder="Time zone" value={tz} onChange={(e) => setTz(e.target.value)} className="lg:w-44" />
        {filtered && (
          <Button variant="ghost" size="sm" onClick={reset}>
            Clear
          </Button>
        )}
        {canManage && (
          <div className="flex gap-2 lg:ml-auto">
            <ButtonLink to={`/brands/${brandId}/import`} variant="secondary" size="sm" icon={<Icon name="upload" className="size-4" />}>
              Import spreadsheet
            </ButtonLink>
            <Button size="sm" onClick={() => setCreating(true)} icon={<Icon name="plus" className="size-4" />}>
              Add location
            </Button>
          </div>
        )}
      </div>
      {canManage && selected.size > 0 && (
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 bg-brand-50/40 px-4 py-3" role="group" aria-label="Bulk actions">
          <span className="text-sm font-medium text-slate-700">{selected.size} selected</span>
          <Button size="sm" variant="secondary" loading={bulkBusy} onClick={() => runBulk('deactivated', () => ({ isActive: false }))}>
            Deactivate
          </Button>
          <Button size="sm" variant="secondary" disabled={bulkBusy} onClick={() => runBulk('activated', () => ({ isActive: true }))}>
            Activate
          </Button>
          <Button size="sm" variant="secondary" disabled={bulkBusy} onClick={() => setAttrOpen(true)}>
            Set attribute…
          </Button>
          <Button size="sm" variant="ghost" disabled={bulkBusy} onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
        </div>
      )}
      {failures && (
        <div role="alert" className="border-b border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <p className="font-medium">
            {failures.rows.length} location{failures.rows.length === 1 ? ' was' : 's were'} not {failures.what}:
          </p>
          <ul className="mt-1 list-disc pl-5">
            {failures.rows.map((o) => (
              <li key={o.location.id}>
                <span className="font-medium">{o.location.name}</span> (#{o.location.storeNumber}): {o.error}
              </li>
            ))}
          </ul>
        </div>
      )}
      {isError ? (
        <ErrorState error={error} onRetry={() => refetch()} />
      ) : (
        <div className={isFetching && !isLoading ? 'opacity-70 transition-opacity' : undefined}>
          <Table
            caption="Locations"
            columns={columns}
            rows={data?.items}
            getRowId={(l) => l.id}
            loading={isLoading}
            sort={values.sort}
            onSortChange={(sort) => set({ sort })}
            selectable={canManage}
            selected={selected}
            onSelectedChange={setSelected}
            rowLabel={(l) => `${l.name} (#${l.storeNumber})`}
            empty={
              filtered ? (
                <EmptyState title="No locations match" description="Try another search or clear the filters." />
              ) : (
                <EmptyState
                  title="No locations yet"
                  description="Add stores one by one or import them from a spreadsheet."
                  action={canManage ? <ButtonLink to={`/brands/${brandId}/import`}>Import spreadsheet</ButtonLink> : undefined}
                />
              )
            }
          />
        </div>
      )}
      {data && data.total > 0 && (
        <Pagination
          page={page}
          pageSize={pageSize}
          total={data.total}
          onPageChange={(p) => set({ page: String(p) })}
          onPageSizeChange={(s) => set({ pageSize: String(s) })}
          className="rounded-b-xl"
        />
      )}
      <SetAttributeDialog
        open={attrOpen}
        count={selected.size}
        onClose={() => setAttrOpen(false)}
        onConfirm={async (key, value) => {
          setAttrOpen(false);
          await runBulk(`given ${key} = ${value}`, (l) => ({ attributes: { ...(l.attributes ?? {}), [key]: typedAttributeValue(value) } }));
        }}
      />
      <LocationDialog open={creating} onClose={() => setCreating(false)} brandId={brandId} />
      <LocationDialog open={!!editing} onClose={() => setEditing(null)} brandId={brandId} location={editing ?? undefined} />
    </Card>
  );
}

function SetAttributeDialog({ open, count, onClose, onConfirm }: { open: boolean; count: number; onClose: () => void; onConfirm: (key: string, value: string) => Promise<void> }) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const k = key.trim();
    if (!k) return setError('Name the attribute, e.g. drive_thru');
    if (k.length > 64) return setError('At most 64 characters');
    setError(undefined);
    await onConfirm(k, value);
    setKey('');
    setValue('');
  };
  return (
    <Dialog open={open} onClose={onClose} title={`Set an attribute on ${count} location${count === 1 ? '' : 's'}`} description="Other attributes stay as they are. true, false and numbers are saved as such.">
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field label="Attribute" required error={error}>
          {(p) => <Input {...p} value={key} onChange={(e) => setKey(e.target.value)} placeholder="drive_thru" />}
        </Field>
        <Field label="Value">
          {(p) => <Input {...p} value={value} onChange={(e) => setValue(e.target.value)} placeholder="true" />}
        </Field>
        <div className="flex justify-end gap-3 pt-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit">Set attribute</Button>
        </div>
      </form>
    </Dialog>
  );
}
