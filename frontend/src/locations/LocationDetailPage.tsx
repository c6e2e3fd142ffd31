import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/problem';
import { useAuth } from '../auth/AuthContext';
import { useBrand } from '../brands/api';
import { useCampaigns } from '../campaigns/api';
import { useDocumentTitle } from '../lib/hooks';
import { formatDateTime, tzAbbreviation } from '../lib/time';
import { Badge, Button, ButtonLink, Card, ConfirmDialog, DescriptionList, ErrorState, Icon, PageHeader, PageLoader, Skeleton, StatusBadge, useToast } from '../ui';
import { locationsApi, useLocation } from './api';
import { LocationDialog } from './LocationDialog';
import { DevicesCard } from '../devices/DevicesCard';

function LocalClock({ timeZone }: { timeZone: string }) {
  let text = '';
  try {
    text = new Intl.DateTimeFormat(undefined, { timeZone, weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(new Date());
  } catch {
    text = '—';
  }
  return <span>{text}</span>;
}

export default function LocationDetailPage() {
  const { brandId, locationId } = useParams();
  const { can } = useAuth();
  const brand = useBrand(brandId);
  const { data: location, isLoading, error, refetch } = useLocation(brandId, locationId);
  const campaigns = useCampaigns({ locationId, brandId, pageSize: 10, sort: '-createdAt' }, { enabled: !!location });
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState<'archive' | 'delete' | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  useDocumentTitle(location?.name ?? 'Location');

  const setActive = async (isActive: boolean) => {
    if (!location) return;
    setBusy(true);
    try {
      await locationsApi.update(location.brandId, location.id, { isActive }, location.etag);
      toast.success(isActive ? 'Location restored' : 'Location archived', isActive ? 'It can be used for new campaigns again.' : 'It is kept, but no longer used for new campaigns.');
      setConfirm(null);
    } catch (e) {
      toast.error(isActive ? 'Could not restore the location' : 'Could not archive the location', errorMessage(e));
    } finally {
      setBusy(false);
      queryClient.invalidateQueries({ queryKey: ['location', brandId, locationId] });
      queryClient.invalidateQueries({ queryKey: ['locations'] });
    }
  };

  const remove = async () => {
    if (!location) return;
    setBusy(true);
    try {
      await locationsApi.remove(location.brandId, location.id, location.etag);
      queryClient.invalidateQueries({ queryKey: ['locations'] });
      toast.success('Location deleted', location.name);
      navigate(`/brands/${brandId}`, { replace: true });
    } catch (e) {
      toast.error('Could not delete the location', errorMessage(e));
      setConfirm(null);
      queryClient.invalidateQueries({ queryKey: ['location', brandId, locationId] });
    } finally {
      setBusy(false);
    }
  };

  if (isLoading) return <PageLoader />;
  if (error || !location) return <ErrorState error={error} onRetry={() => refetch()} what="location" />;

  const attrs = Object.entries(location.attributes ?? {});
  const a = location.address;

  return (
    <div>
      <PageHeader
        breadcrumbs={[
          { label: 'Brands', to: '/brands' },
          { label: brand.data?.name ?? 'Brand', to: `/brands/${brandId}` },
          { label: location.name },
        ]}
        title={
          <span className="flex flex-wrap items-center gap-3">
            {location.name}
            {location.isActive ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>}
          </span>
        }
        meta={
          <span className="flex flex-wrap items-center gap-3">
            <span className="font-mono">Store #{location.storeNumber}</span>
            {location.isActive && brand.data?.slug && (
              <Link to={`/s/${brand.data.slug}/${encodeURIComponent(location.storeNumber)}`} className="text-brand-600 hover:text-brand-800">
                Public page
              </Link>
            )}
          </span>
        }
        actions={
          <>
            {can('campaigns.create') && location.isActive && (
              <ButtonLink to={`/campaigns/new?brandId=${brandId}`} variant="secondary" icon={<Icon name="plus" className="size-4" />}>
                New campaign
              </ButtonLink>
            )}
            {can('locations.manage') &&
              (location.isActive ? (
                <Button variant="secondary" onClick={() => setConfirm('archive')} >
                  Archive
                </Button>
              ) : (
                <Button variant="secondary" loading={busy} onClick={() => setActive(true)}>
                  Restore
                </Button>
              ))}
            {can('locations.manage') && (
              <Button variant="ghost" onClick={() => setConfirm('delete')} icon={<Icon name="trash" className="size-4" />}>
                Delete
              </Button>
            )}
            {can('locations.manage') && (
              <Button onClick={() => setEditing(true)} icon={<Icon name="pencil" className="size-4" />}>
                Edit
              </Button>
            )}
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6">
          <Card title="Address">
            <address className="flex gap-3 text-sm leading-relaxed text-slate-800 not-italic">
              <Icon name="map" className="mt-0.5 size-5 shrink-0 text-slate-400" />
              <span>
                {a?.street && <span className="block">{a.street}</span>}
                <span className="block">{[a?.city, [a?.state, a?.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ')}</span>
                {a?.country && <span className="block">{a.country}</span>}
              </span>
            </address>
            {location.latitude !== null && location.longitude !== null && (
              <p className="mt-3 font-mono text-xs text-slate-500">
                {location.latitude?.toFixed(5)}, {location.longitude?.toFixed(5)}
              </p>
            )}
          </Card>
          <Card title="Time zone">
            <DescriptionList
              items={[
                { term: 'Zone', value: `${location.timeZone} (${tzAbbreviation(location.timeZone)})` },
                { term: 'Local time', value: <LocalClock timeZone={location.timeZone} /> },
              ]}
            />
          </Card>
          <Card title="Attributes">
            {attrs.length === 0 ? (
              <p className="text-sm text-slate-500">No attributes.</p>
            ) : (
              <DescriptionList items={attrs.map(([k, v]) => ({ term: <code className="text-xs">{k}</code>, value: typeof v === 'object' ? JSON.stringify(v) : String(v) }))} />
            )}
          </Card>
          {can('locations.manage') && <DevicesCard brandId={location.brandId} locationId={location.id} timeZone={location.timeZone} />}
        </div>
        <Card
          title="Recent campaigns"
          className="lg:col-span-2"
          bodyClassName="p-0"
          actions={
            <Link to={`/campaigns?brandId=${brandId}&q=${encodeURIComponent(location.storeNumber)}`} className="text-sm font-medium text-brand-600 hover:text-brand-800">
              All campaigns
            </Link>
          }
        >
          {campaigns.isError ? (
            <ErrorState error={campaigns.error} onRetry={() => campaigns.refetch()} />
          ) : !campaigns.data ? (
            <div className="space-y-3 p-5">
              <Skeleton className="h-8 w-full" />
              <Skeleton className="h-8 w-full" />
            </div>
          ) : campaigns.data.items.length === 0 ? (
            <p className="p-8 text-center text-sm text-slate-500">No campaigns for this store yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {campaigns.data.items.map((c) => (
                <li key={c.id} className="flex items-center justify-between gap-3 px-5 py-3">
                  <div className="min-w-0">
                    <Link to={`/campaigns/${c.id}`} className="block truncate text-sm font-medium text-slate-900 hover:text-brand-700">
                      {c.name}
                    </Link>
                    <p className="text-xs text-slate-500">{c.scheduledStart ? `Starts ${formatDateTime(c.scheduledStart, c.timeZone)}` : c.templateName}</p>
                  </div>
                  <StatusBadge status={c.status} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <LocationDialog open={editing} onClose={() => setEditing(false)} brandId={brandId!} location={location} />
      <ConfirmDialog
        open={confirm === 'archive'}
        onClose={() => setConfirm(null)}
        onConfirm={() => setActive(false)}
        loading={busy}
        title="Archive this location?"
        description="It stays with its campaigns and history, but is no longer offered for new campaigns or roll-outs. You can restore it later."
        confirmLabel="Archive location"
      />
      <ConfirmDialog
        open={confirm === 'delete'}
        onClose={() => setConfirm(null)}
        onConfirm={remove}
        loading={busy}
        variant="danger"
        title={`Delete ${location.name}?`}
        description="This cannot be undone. A location that has campaigns cannot be deleted: archive it instead."
        confirmLabel="Delete location"
      />
    </div>
  );
}
