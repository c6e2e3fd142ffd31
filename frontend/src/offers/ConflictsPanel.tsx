import { Link } from 'react-router';
import { Badge, Card } from '../ui';
import { useCampaignConflicts } from './api';

/** Other campaigns at the store whose offers would fight this one's at the till (a warning: the reviewer decides). */
export function ConflictsPanel({ campaignId }: { campaignId: string }) {
  const { data } = useCampaignConflicts(campaignId);
  if (!data || data.conflicts.length === 0) return null;
  return (
    <Card title={`Offer conflicts (${data.conflicts.length})`}>
      <ul className="space-y-2 text-sm" aria-label="Offer conflicts">
        {data.conflicts.map((c) => (
          <li key={c.campaignId}>
            <Badge tone="warning">{c.status}</Badge>{' '}
            <Link className="font-medium text-brand-700 hover:underline" to={`/campaigns/${c.campaignId}`}>{c.name}</Link>
            <p className="text-slate-600">{c.reason}</p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
