import { CAMPAIGN_STATUSES, type CampaignStatus } from '../api/types';
import { STATUS_COLOR, STATUS_LABEL } from '../lib/labels';
import type { RolloutCounts } from './api';

/** One bar across the statuses, in workflow order, with a legend that carries the numbers (the bar alone is decoration). */
export function RolloutProgress({ counts, stores }: { counts: RolloutCounts; stores: number }) {
  const present = CAMPAIGN_STATUSES.filter((s) => (counts[s] ?? 0) > 0);
  const done = (counts.active ?? 0) + (counts.scheduled ?? 0) + (counts.completed ?? 0);
  return (
    <div>
      <div
        role="img"
        aria-label={`${stores} stores: ${present.map((s) => `${counts[s]} ${STATUS_LABEL[s].toLowerCase()}`).join(', ') || 'none'}`}
        className="flex h-3 w-full overflow-hidden rounded-full bg-slate-100"
      >
        {present.map((s: CampaignStatus) => (
          <span key={s} className={STATUS_COLOR[s].dot} style={{ width: `${(100 * counts[s]) / Math.max(1, stores)}%` }} data-status={s} />
        ))}
      </div>
      <p className="mt-2 text-sm text-slate-600">
        {done} of {stores} stores scheduled, live or completed
      </p>
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-4" aria-label="Stores by status">
        {CAMPAIGN_STATUSES.map((s) => (
          <div key={s} className="flex items-center gap-2 text-sm">
            <span className={`size-2.5 shrink-0 rounded-full ${STATUS_COLOR[s].dot}`} aria-hidden="true" />
            <dt className="text-slate-600">{STATUS_LABEL[s]}</dt>
            <dd className="ml-auto font-semibold text-slate-900 tabular-nums" data-testid={`count-${s}`}>
              {counts[s] ?? 0}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
