import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useApprovals } from '../approvals/api';
import { useAuth, useUser } from '../auth/AuthContext';
import { BrandSelect } from '../brands/BrandSelect';
import { useCampaigns } from '../campaigns/api';
import type { Campaign } from '../api/types';
import { useDocumentTitle, useUrlFilters } from '../lib/hooks';
import { formatDateTime, formatDuration, formatRelative } from '../lib/time';
import { ReportButton } from '../exports/ReportButton';
import { ButtonLink, Card, EmptyState, ErrorState, Icon, PageHeader, Skeleton, StatusBadge, type IconName } from '../ui';
import { useStats } from './api';
import { ActivityChart, StatusDonut } from './charts';

function StatCard({ label, value, hint, icon, to, loading }: { label: string; value: ReactNode; hint?: ReactNode; icon: IconName; to?: string; loading?: boolean }) {
  const body = (
    <div className="flex items-start gap-4 p-5">
      <div className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-600">
        <Icon name={icon} className="size-5" />
      </div>
      <div className="min-w-0">
        <p className="text-sm font-medium text-slate-500">{label}</p>
        {loading ? <Skeleton className="mt-2 h-7 w-16" /> : <p className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</p>}
        {hint && <p className="mt-0.5 text-xs text-slate-500">{hint}</p>}
      </div>
    </div>
  );
  return (
    <div className="rounded-xl bg-white shadow-sm ring-1 ring-slate-200 transition hover:ring-slate-300">
      {to ? (
        <Link to={to} className="block rounded-xl focus-visible:outline-2 focus-visible:outline-brand-600">
          {body}
        </Link>
      ) : (
        body
      )}
    </div>
  );
}

function CampaignMiniList({ items, empty, meta }: { items: Campaign[] | undefined; empty: string; meta: (c: Campaign) => ReactNode }) {
  if (!items) return <Skeleton className="h-24 w-full" />;
  if (items.length === 0) return <p className="py-6 text-center text-sm text-slate-500">{empty}</p>;
  return (
    <ul className="-my-2 divide-y divide-slate-100">
      {items.map((c) => (
        <li key={c.id} className="flex items-center justify-between gap-3 py-2.5">
          <div className="min-w-0">
            <Link to={`/campaigns/${c.id}`} className="block truncate text-sm font-medium text-slate-900 hover:text-brand-700">
              {c.name}
            </Link>
            <p className="truncate text-xs text-slate-500">
              {c.locationName} · {meta(c)}
            </p>
          </div>
          <StatusBadge status={c.status} />
        </li>
      ))}
    </ul>
  );
}

function startOfMinute(d: Date) {
  return new Date(Math.floor(d.getTime() / 60_000) * 60_000).toISOString();
}

export default function DashboardPage() {
  useDocumentTitle('Dashboard');
  const user = useUser();
  const { can } = useAuth();
  const { values, set } = useUrlFilters({ brandId: '' });
  const stats = useStats(values.brandId || undefined);
  const now = new Date();
  const weekAhead = new Date(now.getTime() + 7 * 86_400_000);
  // Rounded to the minute so the query key stays stable across renders.
  const goingLive = useCampaigns({ status: 'scheduled', brandId: values.brandId || undefined, startsFrom: startOfMinute(now), startsTo: startOfMinute(weekAhead), pageSize: 6 });
  const approvals = useApprovals({ page: 1, pageSize: 6, brandId: values.brandId || undefined }, can('approvals.view'));
  const attention = useCampaigns({ status: 'rejected', brandId: values.brandId || undefined, pageSize: 6, sort: '-createdAt' }, { enabled: !can('campaigns.review') && can('campaigns.create') });

  useEffect(() => {
    if (stats.data && typeof performance !== 'undefined' && !performance.getEntriesByName('storesync:dashboard-ready').length) {
      performance.mark('storesync:dashboard-ready');
    }
  }, [stats.data]);

  const s = stats.data;
  const firstName = (user.displayName || user.username).split(' ')[0];

  return (
    <div>
      <PageHeader
        title={`Welcome back, ${firstName}`}
        description="How your campaigns are moving through review and into stores."
        actions={
          <>
            <BrandSelect allowAll value={values.brandId} onChange={(v) => set({ brandId: v })} className="w-48" />
            <ReportButton brandId={values.brandId || undefined} />
            {can('campaigns.create') && (
              <ButtonLink to="/campaigns/new" icon={<Icon name="plus" className="size-4" />}>
                New campaign
              </ButtonLink>
            )}
          </>
        }
      />

      {stats.isError ? (
        <Card>
          <ErrorState error={stats.error} onRetry={() => stats.refetch()} />
        </Card>
      ) : (
        <>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4" data-testid="dashboard-stats">
            <StatCard label="Approvals waiting" icon="check" value={s?.approvalsWaiting ?? 0} loading={!s} to={can('approvals.view') ? '/approvals' : undefined} hint="Pending review" />
            <StatCard
              label="Median time to approval"
              icon="clock"
              value={formatDuration(s?.medianTimeToApprovalSeconds)}
              loading={!s}
              hint={s?.medianTimeToApprovalSeconds == null ? 'No approvals yet' : 'Submit → approve'}
            />
            <StatCard label="Going live this week" icon="calendar" value={s?.goingLiveThisWeek ?? 0} loading={!s} to="/calendar" hint="Starts in the next 7 days" />
            <StatCard label="Active now" icon="megaphone" value={s?.countsByStatus.active ?? 0} loading={!s} to="/campaigns?status=active" hint="Running in stores" />
          </div>

          <div className="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-5">
            <Card title="Campaigns by status" className="xl:col-span-2">
              {s ? <StatusDonut counts={s.countsByStatus} /> : <Skeleton className="h-40 w-full" />}
            </Card>
            <Card title="Activity, last 30 days" className="xl:col-span-3">
              {!s ? (
                <Skeleton className="h-56 w-full" />
              ) : s.activity.length === 0 ? (
                <EmptyState title="No activity yet" description="Created, submitted and approved campaigns will show up here." />
              ) : (
                <ActivityChart activity={s.activity} />
              )}
            </Card>
          </div>
        </>
      )}

      <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card
          title="Going live soon"
          actions={
            <Link to="/calendar" className="text-sm font-medium text-brand-600 hover:text-brand-800">
              Calendar
            </Link>
          }
        >
          {goingLive.isError ? (
            <ErrorState error={goingLive.error} onRetry={() => goingLive.refetch()} className="py-6" />
          ) : (
            <CampaignMiniList items={goingLive.data?.items} empty="Nothing scheduled for the next 7 days." meta={(c) => `starts ${formatDateTime(c.scheduledStart, c.timeZone)}`} />
          )}
        </Card>
        {can('approvals.view') ? (
          <Card
            title="Waiting for your review"
            actions={
              <Link to="/approvals" className="text-sm font-medium text-brand-600 hover:text-brand-800">
                Open queue
              </Link>
            }
          >
            {approvals.isError ? (
              <ErrorState error={approvals.error} onRetry={() => approvals.refetch()} className="py-6" />
            ) : (
              <CampaignMiniList items={approvals.data?.items} empty="The review queue is empty." meta={(c) => `waiting ${formatRelative((c as { waitingSince?: string }).waitingSince ?? c.updatedAt).replace(/^in /, '')}`} />
            )}
          </Card>
        ) : can('campaigns.create') ? (
          <Card
            title="Needs your attention"
            actions={
              <Link to="/campaigns?status=rejected" className="text-sm font-medium text-brand-600 hover:text-brand-800">
                All rejected
              </Link>
            }
          >
            {attention.isError ? (
              <ErrorState error={attention.error} onRetry={() => attention.refetch()} className="py-6" />
            ) : (
              <CampaignMiniList items={attention.data?.items} empty="No rejected campaigns. Nice work." meta={(c) => `updated ${formatRelative(c.updatedAt)}`} />
            )}
          </Card>
        ) : null}
      </div>
    </div>
  );
}
