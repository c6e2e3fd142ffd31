import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { useDocumentTitle } from '../lib/hooks';
import { formatDate } from '../lib/time';
import { Button, Card, EmptyState, ErrorState, Icon, PageHeader, Skeleton } from '../ui';
import { useBrands } from './api';
import { BrandDialog } from './BrandDialog';

export default function BrandsPage() {
  useDocumentTitle('Brands');
  const { can } = useAuth();
  const navigate = useNavigate();
  const { data, isLoading, isError, error, refetch } = useBrands();
  const [creating, setCreating] = useState(false);

  return (
    <div>
      <PageHeader
        title="Brands"
        description="Each brand has its own stores, templates, voice and reviewers."
        actions={
          can('brands.create') && (
            <Button onClick={() => setCreating(true)} icon={<Icon name="plus" className="size-4" />}>
              New brand
            </Button>
          )
        }
      />
      {isError ? (
        <Card>
          <ErrorState error={error} onRetry={() => refetch()} />
        </Card>
      ) : isLoading ? (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-32" />
          ))}
        </div>
      ) : !data?.items.length ? (
        <Card>
          <EmptyState title="No brands" description={can('brands.create') ? 'Create the first brand to add its stores.' : 'You are not a member of any brand yet. Ask an administrator for access.'} />
        </Card>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {data.items.map((b) => (
            <li key={b.id}>
              <Link
                to={`/brands/${b.id}`}
                className="flex h-full flex-col rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200 transition hover:shadow-md hover:ring-slate-300 focus-visible:outline-2 focus-visible:outline-brand-600"
              >
                <div className="flex items-center gap-3">
                  <span className="flex size-10 items-center justify-center rounded-lg bg-brand-600 text-sm font-semibold text-white" aria-hidden="true">
                    {b.name.slice(0, 2).toUpperCase()}
                  </span>
                  <div className="min-w-0">
                    <h2 className="truncate text-sm font-semibold text-slate-900">{b.name}</h2>
                    <p className="font-mono text-xs text-slate-500">{b.slug}</p>
                  </div>
                </div>
                <p className="mt-3 line-clamp-2 flex-1 text-sm text-slate-600">{b.settings?.voice || 'No brand voice set yet.'}</p>
                <p className="mt-4 border-t border-slate-100 pt-3 text-xs text-slate-500">Since {formatDate(b.createdAt)}</p>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <BrandDialog open={creating} onClose={() => setCreating(false)} onSaved={(b) => navigate(`/brands/${b.id}`)} />
    </div>
  );
}
