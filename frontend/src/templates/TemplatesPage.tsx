import { Link } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { BrandSelect } from '../brands/BrandSelect';
import { useBrandName } from '../brands/api';
import { useDocumentTitle, useSearchBox, useUrlFilters } from '../lib/hooks';
import { formatRelative } from '../lib/time';
import { Badge, ButtonLink, Card, EmptyState, ErrorState, Icon, Input, PageHeader, Pagination, Select, Skeleton } from '../ui';
import { useTemplates } from './api';

const DEFAULTS = { q: '', brandId: '', isActive: 'true', campaignType: '', page: '1' };
const PAGE_SIZE = 24;

export default function TemplatesPage() {
  useDocumentTitle('Templates');
  const { can } = useAuth();
  const brandName = useBrandName();
  const { values, set, reset } = useUrlFilters(DEFAULTS);
  const [search, setSearch] = useSearchBox(values.q, (q) => set({ q }));
  const page = Math.max(1, Number(values.page) || 1);
  const { data, isLoading, isError, error, refetch } = useTemplates({
    q: values.q || undefined,
    brandId: values.brandId || undefined,
    isActive: values.isActive === 'all' ? undefined : values.isActive,
    campaignType: values.campaignType || undefined,
    page,
    pageSize: PAGE_SIZE,
    sort: 'name',
  });
  const filtered = values.q || values.brandId || values.campaignType || values.isActive !== 'true';

  return (
    <div>
      <PageHeader
        title="Templates"
        description="Brand-approved starting points. Each campaign fills in a template's variables for one store."
        actions={
          can('templates.manage') && (
            <ButtonLink to="/templates/new" icon={<Icon name="plus" className="size-4" />}>
              New template
            </ButtonLink>
          )
        }
      />
      <div className="mb-5 flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-center">
        <div className="relative sm:w-72">
          <Icon name="search" className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" />
          <Input type="search" aria-label="Search templates" placeholder="Search templates" className="pl-9" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <BrandSelect allowAll value={values.brandId} onChange={(v) => set({ brandId: v })} className="sm:w-44" />
        <Select aria-label="Status" value={values.isActive} onChange={(e) => set({ isActive: e.target.value })} className="sm:w-36">
          <option value="true">Active</option>
          <option value="false">Inactive</option>
          <option value="all">All</option>
        </Select>
        <Input aria-label="Campaign type" placeholder="Type (e.g. email)" value={values.campaignType} onChange={(e) => set({ campaignType: e.target.value })} className="sm:w-40" />
      </div>

      {isError ? (
        <Card>
          <ErrorState error={error} onRetry={() => refetch()} />
        </Card>
      ) : isLoading ? (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-40" />
          ))}
        </div>
      ) : !data?.items.length ? (
        <Card>
          {filtered ? (
            <EmptyState
              title="No templates match"
              action={
                <button type="button" className="text-sm font-medium text-brand-600" onClick={reset}>
                  Clear filters
                </button>
              }
            />
          ) : (
            <EmptyState
              title="No templates yet"
              description="Templates hold the brand's copy with {{variables}} that stores fill in."
              action={can('templates.manage') ? <ButtonLink to="/templates/new">Create a template</ButtonLink> : undefined}
            />
          )}
        </Card>
      ) : (
        <>
          <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
            {data.items.map((t) => (
              <li key={t.id}>
                <Link
                  to={`/templates/${t.id}`}
                  className="flex h-full flex-col rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200 transition hover:shadow-md hover:ring-slate-300 focus-visible:outline-2 focus-visible:outline-brand-600"
                >
                  <div className="flex items-start justify-between gap-3">
                    <h2 className="text-sm font-semibold text-slate-900">{t.name}</h2>
                    <Badge tone="brand">{t.campaignType}</Badge>
                  </div>
                  <p className="mt-1 text-xs text-slate-500">{brandName(t.brandId)}</p>
                  <p className="mt-3 line-clamp-2 flex-1 text-sm text-slate-600">{t.description || t.content}</p>
                  <div className="mt-4 flex flex-wrap items-center gap-1.5">
                    {t.variables.slice(0, 4).map((v) => (
                      <span key={v.name} className="rounded-full bg-slate-100 px-2 py-0.5 font-mono text-[11px] text-slate-600">
                        {v.name}
                      </span>
                    ))}
                    {t.variables.length > 4 && <span className="text-[11px] text-slate-400">+{t.variables.length - 4}</span>}
                  </div>
                  <div className="mt-4 flex items-center justify-between border-t border-slate-100 pt-3 text-xs text-slate-500">
                    <span>Updated {formatRelative(t.updatedAt)}</span>
                    {!t.isActive && <Badge>Inactive</Badge>}
                  </div>
                </Link>
              </li>
            ))}
          </ul>
          {data.total > PAGE_SIZE && (
            <div className="mt-6 overflow-hidden rounded-xl ring-1 ring-slate-200">
              <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} onPageChange={(p) => set({ page: String(p) })} />
            </div>
          )}
        </>
      )}
    </div>
  );
}
