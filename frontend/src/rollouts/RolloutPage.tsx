import { Link, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../api';
import { useAuth } from '../auth/AuthContext';
import { cn } from '../lib/cn';
import { useDocumentTitle, useSearchBox, useUrlFilters } from '../lib/hooks';
import { formatDateTime, formatRelative } from '../lib/time';
import { Button, Card, ErrorState, Input, PageHeader, PageLoader, Pagination, StatusBadge, Table, useToast, type Column } from '../ui';
import { RolloutProgress } from './RolloutProgress';
import { STAGES, rolloutsApi, useRollout, useRolloutLocations, type RolloutLocation } from './api';

const COLUMNS: Column<RolloutLocation>[] = [
  {
    key: 'store',
    header: 'Store',
    cell: (l) => (
      <span>
        <span className="font-medium text-slate-900">{l.locationName}</span> <span className="text-slate-500">#{l.storeNumber}</span>
      </span>
    ),
  },
  { key: 'status', header: 'Status', cell: (l) => <StatusBadge status={l.status} /> },
  {
    key: 'since',
    header: 'Since',
    cell: (l) => (
      <time dateTime={l.since} title={formatDateTime(l.since)}>
        {formatRelative(l.since)}
      </time>
    ),
    hideBelow: 'sm',
  },
  {
    key: 'campaign',
    header: <span className="sr-only">Campaign</span>,
    cell: (l) => (
      <Link to={`/campaigns/${l.campaignId}`} className="font-medium text-brand-600 hover:text-brand-800">
        Open<span className="sr-only"> the campaign of {l.locationName}</span>
      </Link>
    ),
  },
];

function StageFilters({ value, onChange }: { value: string; onChange: (stage: string) => void }) {
  const options = [{ key: '', label: 'All stores' }, ...STAGES];
  return (
    <div role="group" aria-label="Stage" className="flex flex-wrap gap-2">
      {options.map((o) => (
        <button
          key={o.key}
          type="button"
          aria-pressed={value === o.key}
          onClick={() => onChange(o.key)}
          className={cn(
            'rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-brand-600',
            value === o.key ? 'bg-brand-600 text-white ring-brand-600' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
          )}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

export default function RolloutPage() {
  const { rolloutId } = useParams();
  const { user } = useAuth();
  const toast = useToast();
  const queryClient = useQueryClient();
  const rollout = useRollout(rolloutId);
  const filters = useUrlFilters({ stage: '', q: '', page: '1' });
  const page = Number(filters.values.page) || 1;
  const [search, setSearch] = useSearchBox(filters.values.q, (q) => filters.set({ q }));
  const stores = useRolloutLocations(rolloutId, {
    stage: filters.values.stage || undefined,
    q: filters.values.q || undefined,
    page,
    pageSize: 20,
  });
  const [reminding, setReminding] = useState(false);
  useDocumentTitle(rollout.data?.name ?? 'Rollout');

  if (rollout.error) return <ErrorState error={rollout.error} onRetry={() => rollout.refetch()} what="rollout" />;
  if (!rollout.data) return <PageLoader />;
  const r = rollout.data;
  const mayRemind = user?.role === 'admin' || (user?.role === 'brandManager' && (user.brandIds ?? []).includes(r.brandId));
  const waiting = (r.counts.draft ?? 0) + (r.counts.rejected ?? 0);

  const remind = async () => {
    setReminding(true);
    try {
      const { notified } = await rolloutsApi.remind(r.id);
      if (notified > 0) toast.success(`Reminder sent to ${notified} ${notified === 1 ? 'person' : 'people'}`);
      else toast.success('Nobody new to remind today', 'Everyone who can act has been reminded today already, or no store is waiting.');
      queryClient.invalidateQueries({ queryKey: ['notifications'] });
    } catch (e) {
      toast.error('Could not send the reminder', errorMessage(e));
    } finally {
      setReminding(false);
    }
  };

  return (
    <div className="space-y-6">
      <PageHeader
        title={r.name}
        breadcrumbs={[{ label: 'Rollouts', to: '/rollouts' }, { label: r.name }]}
        description={
          <>
            Template <Link to={`/templates/${r.templateId}`} className="font-medium text-brand-600 hover:text-brand-800">{r.templateName}</Link>, started{' '}
            {formatDateTime(r.createdAt)}
            {r.createdByName ? ` by ${r.createdByName}` : ''}.
          </>
        }
        actions={
          mayRemind && (
            <Button variant="secondary" onClick={remind} loading={reminding} disabled={waiting === 0}>
              Remind stores that have not acted
            </Button>
          )
        }
      />
      <Card title="Progress">
        <RolloutProgress counts={r.counts} stores={r.stores} />
      </Card>
      <Card title="Stores" bodyClassName="p-0">
        <div className="flex flex-col gap-3 border-b border-slate-100 p-4 sm:flex-row sm:items-center sm:justify-between">
          <StageFilters value={filters.values.stage} onChange={(stage) => filters.set({ stage })} />
          <Input
            type="search"
            aria-label="Search stores"
            placeholder="Store name or number"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            className="sm:w-64"
          />
        </div>
        {stores.error ? (
          <ErrorState error={stores.error} onRetry={() => stores.refetch()} notFoundPage={false} className="py-6" />
        ) : (
          <>
            <Table
              caption="Stores of this rollout"
              columns={COLUMNS}
              rows={stores.data?.items}
              getRowId={(l) => l.campaignId}
              loading={stores.isLoading}
              empty={<p className="p-6 text-sm text-slate-500">No store matches.</p>}
            />
            {stores.data && stores.data.total > stores.data.pageSize && (
              <Pagination
                page={page}
                pageSize={stores.data.pageSize}
                total={stores.data.total}
                onPageChange={(p) => filters.set({ page: String(p) })}
                className="border-t border-slate-100 px-4 py-3"
              />
            )}
          </>
        )}
      </Card>
    </div>
  );
}
