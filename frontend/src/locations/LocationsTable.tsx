import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Location } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useDocumentTitle, useSearchBox, useUrlFilters } from '../lib/hooks';
import { formatRelative } from '../lib/time';
import { Badge, Button, ButtonLink, Card, EmptyState, ErrorState, Icon, Input, Pagination, Select, Table, type Column } from '../ui';
import { useLocations } from './api';
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

  const columns = useMemo<Column<Location>[]>(
    () => [
      {
        key: 'name',
        header: 'Store',
        sortKey: 'name',
        cell: (l) => (
          <div className="min-w-[12rem]">
            <Link to={`/brands/${l.brandId}/locations/${l.id}`} className="font-medium text-slate-900 hover:text-brand-700">
              {l.name}
            </Link>
          </div>
        ),
      },
      { key: 'storeNumber', header: 'Store #', sortKey: 'storeNumber', cell: (l) => <span className="font-mono text-xs">{l.storeNumber}</span> },
      {
        key: 'city',
        header: 'Address',
        sortKey: 'city',
        cell: (l) => (
          <div className="max-w-xs min-w-[12rem]">
            <span className="block truncate" title={l.fullAddress}>
              {l.address?.street}
            </span>
            <span className="block text-xs text-slate-500">{[l.address?.city, l.address?.state, l.address?.postalCode].filter(Boolean).join(', ')}</span>
          </div>
        ),
      },
      { key: 'tz', header: 'Time zone', cell: (l) => <span className="whitespace-nowrap text-slate-600">{l.timeZone}</span> },
      { key: 'active', header: 'Status', cell: (l) => (l.isActive ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>) },
      {
        key: 'createdAt',
        header: 'Added',
        sortKey: 'createdAt',
        cell: (l) => <span className="whitespace-nowrap text-slate-500">{formatRelative(l.createdAt)}</span>,
      },
      ...(canManage
        ? [
            {
              key: 'edit',
              header: <span className="sr-only">Edit</span>,
              className: 'text-right',
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
      <LocationDialog open={creating} onClose={() => setCreating(false)} brandId={brandId} />
      <LocationDialog open={!!editing} onClose={() => setEditing(null)} brandId={brandId} location={editing ?? undefined} />
    </Card>
  );
}
