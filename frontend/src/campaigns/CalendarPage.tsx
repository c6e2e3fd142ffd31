import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Campaign } from '../api/types';
import { BrandSelect } from '../brands/BrandSelect';
import { cn } from '../lib/cn';
import { useDocumentTitle, useUrlFilters } from '../lib/hooks';
import { STATUS_COLOR, STATUS_LABEL } from '../lib/labels';
import { formatDateTime, utcToZonedLocal } from '../lib/time';
import { Button, ButtonLink, Card, Dialog, EmptyState, ErrorState, Icon, PageHeader, Spinner, StatusBadge } from '../ui';
import { useCampaigns } from './api';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

function monthGrid(year: number, month: number) {
  const first = new Date(Date.UTC(year, month, 1));
  const offset = (first.getUTCDay() + 6) % 7; // Monday first
  const start = new Date(Date.UTC(year, month, 1 - offset));
  const days: Date[] = [];
  for (let i = 0; i < 42; i++) days.push(new Date(start.getTime() + i * 86_400_000));
  // Drop a trailing week that lies entirely in the next month.
  return days.slice(0, days[35].getUTCMonth() !== month ? 35 : 42);
}

/** The store-local calendar days a campaign runs on, as YYYY-MM-DD. */
function localSpan(c: Campaign): [string, string] | null {
  if (!c.scheduledStart) return null;
  const tz = c.timeZone || 'UTC';
  const start = utcToZonedLocal(c.scheduledStart, tz).slice(0, 10);
  const end = c.scheduledEnd ? utcToZonedLocal(c.scheduledEnd, tz).slice(0, 10) : start;
  return [start, end];
}

export default function CalendarPage() {
  useDocumentTitle('Calendar');
  const today = new Date();
  const todayKey = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  const { values, set } = useUrlFilters({ month: todayKey.slice(0, 7), brandId: '' });
  const [y, m] = values.month.split('-').map(Number);
  const year = Number.isFinite(y) ? y : today.getFullYear();
  const month = Number.isFinite(m) ? m - 1 : today.getMonth();
  const days = useMemo(() => monthGrid(year, month), [year, month]);
  const rangeStart = ymd(days[0]);
  const rangeEnd = ymd(days[days.length - 1]);
  const [dayOpen, setDayOpen] = useState<string | null>(null);

  // Anything starting before the grid ends may overlap it; the overlap test is done locally.
  const base = { brandId: values.brandId || undefined, startsTo: `${rangeEnd}T23:59:59Z`, pageSize: 100 };
  const scheduled = useCampaigns({ ...base, status: 'scheduled' });
  const active = useCampaigns({ ...base, status: 'active' });
  const loading = scheduled.isLoading || active.isLoading;
  const error = scheduled.error ?? active.error;

  const byDay = useMemo(() => {
    const map = new Map<string, Campaign[]>();
    const all = [...(active.data?.items ?? []), ...(scheduled.data?.items ?? [])];
    for (const c of all) {
      const span = localSpan(c);
      if (!span || span[1] < rangeStart || span[0] > rangeEnd) continue;
      for (const d of days) {
        const key = ymd(d);
        if (key >= span[0] && key <= span[1]) map.set(key, [...(map.get(key) ?? []), c]);
      }
    }
    return map;
  }, [active.data, scheduled.data, days, rangeStart, rangeEnd]);

  const shift = (delta: number) => {
    const d = new Date(Date.UTC(year, month + delta, 1));
    set({ month: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}` });
  };
  const title = new Date(Date.UTC(year, month, 1)).toLocaleDateString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const agenda = days.filter((d) => d.getUTCMonth() === month && byDay.get(ymd(d))?.length);
  const total = new Set([...byDay.values()].flat().map((c) => c.id)).size;

  return (
    <div>
      <PageHeader
        title="Calendar"
        description="Scheduled and active campaigns, on each store's local dates."
        actions={
          <>
            <BrandSelect allowAll value={values.brandId} onChange={(v) => set({ brandId: v })} className="w-44" />
            <ButtonLink to="/campaigns" variant="secondary" icon={<Icon name="list" className="size-4" />}>
              List
            </ButtonLink>
          </>
        }
      />
      <Card bodyClassName="p-0">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-4 py-3">
          <div className="flex items-center gap-2">
            <Button variant="secondary" size="sm" onClick={() => shift(-1)} aria-label="Previous month">
              <Icon name="chevronLeft" className="size-4" />
            </Button>
            <Button variant="secondary" size="sm" onClick={() => shift(1)} aria-label="Next month">
              <Icon name="chevronRight" className="size-4" />
            </Button>
            <h2 className="ml-2 text-base font-semibold text-slate-900" aria-live="polite">
              {title}
            </h2>
            {loading && <Spinner className="size-4 text-slate-400" />}
          </div>
          <div className="flex items-center gap-4 text-xs text-slate-600">
            {(['scheduled', 'active'] as const).map((s) => (
              <span key={s} className="flex items-center gap-1.5">
                <span className={cn('size-2.5 rounded-sm', STATUS_COLOR[s].dot)} aria-hidden="true" /> {STATUS_LABEL[s]}
              </span>
            ))}
            <Button variant="ghost" size="sm" onClick={() => set({ month: todayKey.slice(0, 7) })}>
              Today
            </Button>
          </div>
        </div>

        {error ? (
          <ErrorState error={error} onRetry={() => (scheduled.refetch(), active.refetch())} />
        ) : (
          <>
            <div className="hidden md:block" role="grid" aria-label={`Campaigns in ${title}`}>
              <div className="grid grid-cols-7 border-b border-slate-100 bg-slate-50/80 text-center text-xs font-semibold text-slate-500" role="row">
                {WEEKDAYS.map((w) => (
                  <div key={w} className="py-2" role="columnheader">
                    {w}
                  </div>
                ))}
              </div>
              <div className="grid grid-cols-7" role="rowgroup">
                {days.map((d) => {
                  const key = ymd(d);
                  const items = byDay.get(key) ?? [];
                  const inMonth = d.getUTCMonth() === month;
                  return (
                    <div
                      key={key}
                      role="gridcell"
                      aria-label={`${d.toLocaleDateString(undefined, { dateStyle: 'full', timeZone: 'UTC' })}: ${items.length} campaign${items.length === 1 ? '' : 's'}`}
                      className={cn('min-h-28 border-r border-b border-slate-100 p-1.5 [&:nth-child(7n)]:border-r-0', !inMonth && 'bg-slate-50/60')}
                    >
                      <div className={cn('mb-1 flex size-6 items-center justify-center rounded-full text-xs', key === todayKey ? 'bg-brand-600 font-semibold text-white' : inMonth ? 'text-slate-700' : 'text-slate-400')}>
                        {d.getUTCDate()}
                      </div>
                      <div className="space-y-1">
                        {items.slice(0, 3).map((c) => (
                          <Link
                            key={c.id}
                            to={`/campaigns/${c.id}`}
                            title={`${c.name} · ${c.locationName} · ${STATUS_LABEL[c.status]}`}
                            className={cn(
                              'block truncate rounded px-1.5 py-0.5 text-[11px] leading-4 font-medium hover:brightness-95',
                              c.status === 'active' ? 'bg-emerald-100 text-emerald-900' : 'bg-indigo-100 text-indigo-900',
                            )}
                          >
                            {c.name} · {c.locationName}
                          </Link>
                        ))}
                        {items.length > 3 && (
                          <button type="button" className="px-1.5 text-[11px] font-medium text-slate-500 hover:text-slate-800" onClick={() => setDayOpen(key)}>
                            +{items.length - 3} more
                          </button>
                        )}
                      </div>
                    </div>
                  );
                })}
              </div>
            </div>
            <div className="md:hidden">
              {agenda.length === 0 && !loading ? null : (
                <ul className="divide-y divide-slate-100">
                  {agenda.map((d) => (
                    <li key={ymd(d)} className="px-4 py-3">
                      <p className="text-xs font-semibold text-slate-500 uppercase">{d.toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' })}</p>
                      <ul className="mt-1.5 space-y-1">
                        {byDay.get(ymd(d))!.map((c) => (
                          <li key={c.id} className="flex items-center justify-between gap-2">
                            <Link to={`/campaigns/${c.id}`} className="truncate text-sm text-slate-800">
                              {c.name} · {c.locationName}
                            </Link>
                            <StatusBadge status={c.status} />
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            {!loading && total === 0 && <EmptyState title={`Nothing scheduled in ${title}`} description="Approved campaigns appear here once they are scheduled." className="border-t border-slate-100" />}
          </>
        )}
      </Card>

      <Dialog open={!!dayOpen} onClose={() => setDayOpen(null)} title={dayOpen ? new Date(`${dayOpen}T00:00:00Z`).toLocaleDateString(undefined, { dateStyle: 'full', timeZone: 'UTC' }) : ''}>
        <ul className="divide-y divide-slate-100">
          {(dayOpen ? (byDay.get(dayOpen) ?? []) : []).map((c) => (
            <li key={c.id} className="flex items-center justify-between gap-3 py-2.5">
              <div className="min-w-0">
                <Link to={`/campaigns/${c.id}`} className="block truncate text-sm font-medium text-slate-900 hover:text-brand-700">
                  {c.name}
                </Link>
                <p className="text-xs text-slate-500">
                  {c.locationName} · {formatDateTime(c.scheduledStart, c.timeZone)}
                </p>
              </div>
              <StatusBadge status={c.status} />
            </li>
          ))}
        </ul>
      </Dialog>
    </div>
  );
}
