import { useEffect, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
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
import { dashboardKind, type DashboardKind } from './roles';
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

interface LifecycleStatus {
  now: string;
  lastSweep: { startedAt: string; finishedAt: string | null; activated: number; completed: number; failed: number } | null;
  nextDue: { action: string; at: string } | null;
  backlog: { activate: number; complete: number; total: number };
}

const DESCRIPTION: Record<DashboardKind, string> = {
  system: 'Every brand at a glance: the review queue, what goes live, and whether the scheduler keeps up.',
  review: 'What waits for you: campaigns to review and approved campaigns still to schedule.',
  author: 'Your campaigns that need you: drafts to finish and rejected ones to revise.',
  summary: 'How campaigns are doing across your brands (read only).',
};

function ListCard({ title, to, linkLabel, children }: { title: string; to: string; linkLabel: string; children: ReactNode }) {
  return (
    <Card
      title={title}
      actions={
        <Link to={to} className="text-sm font-medium text-brand-600 hover:text-brand-800">
          {linkLabel}
        </Link>
      }
    >
      {children}
    </Card>
  );
}

function CampaignList({ query, empty, meta }: { query: ReturnType<typeof useCampaigns>; empty: string; meta: (c: Campaign) => ReactNode }) {
  return query.isError ? (
    <ErrorState error={query.error} onRetry={() => query.refetch()} className="py-6" />
  ) : (
    <CampaignMiniList items={query.data?.items} empty={empty} meta={meta} />
  );
}

/**
 * The dashboard of each role shows what that role can act on: a brand manager the review queue and approved
 * campaigns to schedule (flagged when their start has passed); a location manager their drafts and rejected campaigns
 * to revise; a viewer a read-only summary; an admin the system view (every brand, the lifecycle scheduler).
 */
export default function DashboardPage() {
  useDocumentTitle('Dashboard');
  const user = useUser();
  const { can } = useAuth();
  const kind = dashboardKind(user.role);
  const { values, set } = useUrlFilters({ brandId: '' });
  const brandId = values.brandId || undefined;
  const stats = useStats(brandId);
  const now = new Date();
  const weekAhead = new Date(now.getTime() + 7 * 86_400_000);
  const reviews = kind === 'review' || kind === 'system';
  // Rounded to the minute so the query key stays stable across renders.
  const goingLive = useCampaigns(
    { status: 'scheduled', brandId, startsFrom: startOfMinute(now), startsTo: startOfMinute(weekAhead), pageSize: 6 },
    { enabled: kind === 'summary' || kind === 'system' },
  );
  const approvals = useApprovals({ page: 1, pageSize: 6, brandId }, reviews && can('approvals.view'));
  const toSchedule = useCampaigns({ status: 'approved', brandId, pageSize: 6, sort: 'scheduledStart' }, { enabled: reviews });
  const rejected = useCampaigns({ status: 'rejected', brandId, pageSize: 6, sort: '-createdAt' }, { enabled: kind === 'author' });
  const drafts = useCampaigns({ status: 'draft', brandId, pageSize: 6, sort: '-createdAt' }, { enabled: kind === 'author' });
  const lifecycle = useQuery({
    queryKey: ['lifecycle', 'status'],
    queryFn: ({ signal }) => api.get<LifecycleStatus>('/lifecycle/status', undefined, signal),
    enabled: kind === 'system',
    refetchInterval: 60_000,
  });

  useEffect(() => {
    if (stats.data && typeof performance !== 'undefined' && !performance.getEntriesByName('storesync:dashboard-ready').length) {
      performance.mark('storesync:dashboard-ready');
    }
  }, [stats.data]);

  const s = stats.data;
  const counts = s?.countsByStatus;
  const firstName = (user.displayName || user.username).split(' ')[0];
  const startPassed = (c: Campaign) => !!c.scheduledStart && new Date(c.scheduledStart).getTime() < now.getTime();
  const brandQuery = brandId ? `&brandId=${brandId}` : '';

  const cards: ReactNode = {
    system: (
      <>
        <StatCard label="Approvals waiting" icon="check" value={s?.approvalsWaiting ?? 0} loading={!s} to="/approvals" hint="All brands" />
        <StatCard label="Approved, not scheduled" icon="clock" value={counts?.approved ?? 0} loading={!s} to={`/campaigns?status=approved${brandQuery}`} hint="Waiting for a schedule" />
        <StatCard label="Active now" icon="megaphone" value={counts?.active ?? 0} loading={!s} to="/campaigns?status=active" hint="Running in stores" />
        <StatCard
          label="Scheduler backlog"
          icon="refresh"
          value={lifecycle.data?.backlog.total ?? 0}
          loading={!lifecycle.data && !lifecycle.isError}
          hint={lifecycle.data?.lastSweep ? `Last sweep ${formatRelative(lifecycle.data.lastSweep.startedAt)}` : lifecycle.isError ? 'Status unavailable' : 'No sweep yet'}
        />
      </>
    ),
    review: (
      <>
        <StatCard label="Approvals waiting" icon="check" value={s?.approvalsWaiting ?? 0} loading={!s} to="/approvals" hint="Pending your review" />
        <StatCard label="Approved, not scheduled" icon="clock" value={counts?.approved ?? 0} loading={!s} to={`/campaigns?status=approved${brandQuery}`} hint="Schedule them to go live" />
        <StatCard
          label="Median time to approval"
          icon="clock"
          value={formatDuration(s?.medianTimeToApprovalSeconds)}
          loading={!s}
          hint={s?.medianTimeToApprovalSeconds == null ? 'No approvals yet' : 'Submit → approve'}
        />
        <StatCard label="Going live this week" icon="calendar" value={s?.goingLiveThisWeek ?? 0} loading={!s} to="/calendar" hint="Starts in the next 7 days" />
      </>
    ),
    author: (
      <>
        <StatCard label="Rejected, to revise" icon="pencil" value={counts?.rejected ?? 0} loading={!s} to={`/campaigns?status=rejected${brandQuery}`} hint="Revise and submit again" />
        <StatCard label="Drafts" icon="document" value={counts?.draft ?? 0} loading={!s} to={`/campaigns?status=draft${brandQuery}`} hint="Finish and submit" />
        <StatCard label="In review" icon="clock" value={counts?.pendingReview ?? 0} loading={!s} hint="Waiting for a brand manager" />
        <StatCard label="Going live this week" icon="calendar" value={s?.goingLiveThisWeek ?? 0} loading={!s} to="/calendar" hint="Starts in the next 7 days" />
      </>
    ),
    summary: (
      <>
        <StatCard label="Active now" icon="megaphone" value={counts?.active ?? 0} loading={!s} to="/campaigns?status=active" hint="Running in stores" />
        <StatCard label="Going live this week" icon="calendar" value={s?.goingLiveThisWeek ?? 0} loading={!s} to="/calendar" hint="Starts in the next 7 days" />
        <StatCard label="Completed" icon="check" value={counts?.completed ?? 0} loading={!s} hint="Ran and ended" />
        <StatCard label="Results" icon="list" value="View" loading={!s} to="/results" hint="Redemptions, revenue, discount" />
      </>
    ),
  }[kind];

  return (
    <div>
      <PageHeader
        title={`Welcome back, ${firstName}`}
        description={DESCRIPTION[kind]}
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
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4" data-testid="dashboard-stats">
          {cards}
        </div>
      )}

      <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-2">
        {reviews && can('approvals.view') && (
          <ListCard title={kind === 'system' ? 'Waiting for review' : 'Waiting for your review'} to="/approvals" linkLabel="Open queue">
            {approvals.isError ? (
              <ErrorState error={approvals.error} onRetry={() => approvals.refetch()} className="py-6" />
            ) : (
              <CampaignMiniList
                items={approvals.data?.items}
                empty="The review queue is empty."
                meta={(c) => `waiting ${formatRelative((c as { waitingSince?: string }).waitingSince ?? c.updatedAt).replace(/^in /, '')}`}
              />
            )}
          </ListCard>
        )}
        {reviews && (
          <ListCard title="Approved, not yet scheduled" to={`/campaigns?status=approved${brandQuery}`} linkLabel="All approved">
            <CampaignList
              query={toSchedule}
              empty="Nothing waits for a schedule."
              meta={(c) =>
                startPassed(c) ? (
                  <span className="font-medium text-rose-600">start passed {formatRelative(c.scheduledStart!)}: schedule or cancel</span>
                ) : c.scheduledStart ? (
                  `planned ${formatDateTime(c.scheduledStart, c.timeZone)}`
                ) : (
                  'no dates yet'
                )
              }
            />
          </ListCard>
        )}
        {kind === 'author' && (
          <>
            <ListCard title="Rejected, to revise" to={`/campaigns?status=rejected${brandQuery}`} linkLabel="All rejected">
              <CampaignList query={rejected} empty="No rejected campaigns. Nice work." meta={(c) => `rejected ${formatRelative(c.updatedAt)}`} />
            </ListCard>
            <ListCard title="Drafts to finish" to={`/campaigns?status=draft${brandQuery}`} linkLabel="All drafts">
              <CampaignList query={drafts} empty="No drafts in progress." meta={(c) => `edited ${formatRelative(c.updatedAt)}`} />
            </ListCard>
          </>
        )}
        {(kind === 'summary' || kind === 'system') && (
          <ListCard title="Going live soon" to="/calendar" linkLabel="Calendar">
            <CampaignList query={goingLive} empty="Nothing scheduled for the next 7 days." meta={(c) => `starts ${formatDateTime(c.scheduledStart, c.timeZone)}`} />
          </ListCard>
        )}
        {kind === 'system' && (
          <Card title="Scheduler">
            {lifecycle.isError ? (
              <ErrorState error={lifecycle.error} onRetry={() => lifecycle.refetch()} className="py-6" />
            ) : !lifecycle.data ? (
              <Skeleton className="h-24 w-full" />
            ) : (
              <dl className="grid grid-cols-2 gap-4 text-sm" data-testid="scheduler-status">
                <div>
                  <dt className="text-slate-500">Last sweep</dt>
                  <dd className="font-medium text-slate-900">{lifecycle.data.lastSweep ? formatRelative(lifecycle.data.lastSweep.startedAt) : 'none yet'}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Next due</dt>
                  <dd className="font-medium text-slate-900">
                    {lifecycle.data.nextDue ? `${lifecycle.data.nextDue.action} ${formatRelative(lifecycle.data.nextDue.at)}` : 'nothing due'}
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-500">Overdue to start</dt>
                  <dd className="font-medium text-slate-900 tabular-nums">{lifecycle.data.backlog.activate}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Overdue to end</dt>
                  <dd className="font-medium text-slate-900 tabular-nums">{lifecycle.data.backlog.complete}</dd>
                </div>
              </dl>
            )}
          </Card>
        )}
      </div>

      {(kind === 'summary' || kind === 'system') && !stats.isError && (
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
      )}
    </div>
  );
}
