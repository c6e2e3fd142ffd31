import { Link } from 'react-router';
import { useDocumentTitle, useSearchBox, useUrlFilters } from '../lib/hooks';
import { formatDateTime, formatRelative } from '../lib/time';
import { ButtonLink, Card, EmptyState, ErrorState, Input, PageHeader, Pagination, Table, type Column } from '../ui';
import { useAuth } from '../auth/AuthContext';
import { useRollouts, type RolloutSummary } from './api';

const COLUMNS: Column<RolloutSummary>[] = [
  {
    key: 'name',
    header: 'Rollout',
    cell: (r) => (
      <Link to={`/rollouts/${r.id}`} className="font-medium text-brand-600 hover:text-brand-800">
        {r.name}
      </Link>
    ),
  },
  { key: 'template', header: 'Template', cell: (r) => r.templateName, hideBelow: 'sm' },
  { key: 'by', header: 'Started by', cell: (r) => r.createdByName ?? '—', hideBelow: 'md' },
  {
    key: 'at',
    header: 'Started',
    cell: (r) => (
      <time dateTime={r.createdAt} title={formatDateTime(r.createdAt)}>
        {formatRelative(r.createdAt)}
      </time>
    ),
  },
];

export default function RolloutsPage() {
  useDocumentTitle('Rollouts');
  const { can } = useAuth();
  const filters = useUrlFilters({ q: '', page: '1' });
  const page = Number(filters.values.page) || 1;
  const [search, setSearch] = useSearchBox(filters.values.q, (q) => filters.set({ q }));
  const rollouts = useRollouts({ q: filters.values.q || undefined, page, pageSize: 20 });

  return (
    <div className="space-y-6">
      <PageHeader
        title="Rollouts"
        description="Templates rolled out to many stores at once, and how far each store has got."
        actions={can('campaigns.create') && <ButtonLink to="/campaigns/new?mode=rollout">New rollout</ButtonLink>}
      />
      <Card bodyClassName="p-0">
        <div className="border-b border-slate-100 p-4">
          <Input type="search" aria-label="Search rollouts" placeholder="Search by name" value={search} onChange={(e) => setSearch(e.target.value)} className="sm:w-72" />
        </div>
        {rollouts.error ? (
          <ErrorState error={rollouts.error} onRetry={() => rollouts.refetch()} notFoundPage={false} className="py-6" />
        ) : (
          <>
            <Table
              caption="Rollouts"
              columns={COLUMNS}
              rows={rollouts.data?.items}
              getRowId={(r) => r.id}
              loading={rollouts.isLoading}
              empty={<EmptyState title="No rollouts yet" description="Roll a template out to many stores from New campaign." />}
            />
            {rollouts.data && rollouts.data.total > rollouts.data.pageSize && (
              <Pagination
                page={page}
                pageSize={rollouts.data.pageSize}
                total={rollouts.data.total}
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
