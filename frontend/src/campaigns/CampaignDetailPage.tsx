import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage } from '../api/problem';
import type { Campaign } from '../api/types';
import { useUser } from '../auth/AuthContext';
import { useTemplate } from '../templates/api';
import { useDocumentTitle } from '../lib/hooks';
import { formatDateTime, formatRelative, tzAbbreviation } from '../lib/time';
import { browserTimeZone } from '../lib/plainWords';
import { Button, Card, ConfirmDialog, DescriptionList, ErrorState, FormError, Icon, Input, Field, PageHeader, PageLoader, StatusBadge, useToast } from '../ui';
import { AiPanel } from './AiPanel';
import { campaignsApi, useCampaign, useCampaignHistory, type CampaignWithEtag } from './api';
import { ContentPreview } from './ContentPreview';
import { CustomizationFields, initialCustomizations, toCustomizations, validateCustomizations, type CustomizationValues } from './CustomizationFields';
import { CampaignTimeline } from '../comments/CampaignTimeline';
import { SimilarPanel } from './SimilarPanel';
import { useInvalidateCampaign, WorkflowActions } from './WorkflowActions';
import { availableActions } from './workflow';
import { CampaignOfferCard } from '../offers/CampaignOfferCard';
import { ConflictsPanel } from '../offers/ConflictsPanel';

function EditDetails({ campaign, onSaved }: { campaign: CampaignWithEtag; onSaved: () => void }) {
  const template = useTemplate(campaign.templateId);
  const toast = useToast();
  const variables = template.data?.variables ?? [];
  const [name, setName] = useState(campaign.name);
  const [values, setValues] = useState<CustomizationValues>({});
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (template.data) setValues(initialCustomizations(template.data.variables, campaign.customizations));
  }, [template.data, campaign.customizations]);
  useEffect(() => setName(campaign.name), [campaign.name]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string | undefined> = validateCustomizations(variables, values);
    if (!name.trim()) next.name = 'Give the campaign a name';
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    setBusy(true);
    setFormError(undefined);
    try {
      await campaignsApi.update(campaign.id, { name: name.trim(), customizations: toCustomizations(variables, values) }, campaign.etag);
      toast.success('Changes saved');
      onSaved();
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        const fe: Record<string, string | undefined> = {};
        for (const key of Object.keys(error.fieldErrors)) fe[key.replace(/^customizations\./, '')] = error.fieldError(key);
        setErrors(fe);
      } else {
        setFormError(errorMessage(error));
      }
      if (error instanceof ApiError && (error.status === 412 || error.status === 409)) onSaved();
    } finally {
      setBusy(false);
    }
  };

  if (template.isLoading) return <PageLoader />;
  if (template.isError) return <ErrorState error={template.error} onRetry={() => template.refetch()} what="template" />;

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      <Field label="Campaign name" required error={errors.name}>
        {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <CustomizationFields variables={variables} values={values} onChange={setValues} errors={errors} />
      <FormError message={formError} />
      <div className="flex justify-end">
        <Button type="submit" loading={busy}>
          Save changes
        </Button>
      </div>
    </form>
  );
}

function RejectionBanner({ campaignId }: { campaignId: string }) {
  const { data } = useCampaignHistory(campaignId);
  const rejection = data
    ?.filter((h) => h.toStatus === 'rejected')
    .sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime())[0];
  if (!rejection) return null;
  return (
    <div role="alert" className="mb-6 flex gap-3 rounded-xl bg-rose-50 p-4 ring-1 ring-rose-200" data-testid="rejection-banner">
      <Icon name="x" className="mt-0.5 size-5 shrink-0 text-rose-500" />
      <div className="min-w-0">
        <p className="text-sm font-semibold text-rose-900">
          Rejected by {rejection.actorName ?? rejection.actor ?? 'a reviewer'} {formatRelative(rejection.at)}
        </p>
        {rejection.comment && <p className="mt-1 text-sm whitespace-pre-wrap text-rose-800">{rejection.comment}</p>}
        <p className="mt-2 text-xs text-rose-700">Revise the campaign to edit it and submit it again.</p>
      </div>
    </div>
  );
}

function ScheduleSummary({ c }: { c: Campaign }) {
  if (!c.scheduledStart) return <p className="text-sm text-slate-500">Not scheduled yet.{c.status === 'approved' ? ' Schedule it to switch it on automatically.' : ''}</p>;
  const tz = c.timeZone || 'UTC';
  const mine = browserTimeZone();
  return (
    <div className="space-y-3 text-sm">
      <div>
        <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Starts</p>
        <p className="font-medium text-slate-900">{formatDateTime(c.scheduledStart, tz)}</p>
        {mine !== tz && <p className="text-xs text-slate-500">Your time: {formatDateTime(c.scheduledStart, mine)}</p>}
      </div>
      <div>
        <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Ends</p>
        <p className="font-medium text-slate-900">{formatDateTime(c.scheduledEnd, tz)}</p>
        {mine !== tz && <p className="text-xs text-slate-500">Your time: {formatDateTime(c.scheduledEnd, mine)}</p>}
      </div>
      <p className="text-xs text-slate-500">
        Store time zone: {tz} ({tzAbbreviation(tz)})
      </p>
    </div>
  );
}

export default function CampaignDetailPage() {
  const { campaignId } = useParams();
  const user = useUser();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateCampaign();
  const { data: campaign, isLoading, error, refetch } = useCampaign(campaignId);
  const history = useCampaignHistory(campaignId);
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  useDocumentTitle(campaign?.name ?? 'Campaign');

  // A status change elsewhere (approval, sweep) refreshes the history too.
  useEffect(() => {
    if (campaign) queryClient.invalidateQueries({ queryKey: ['campaign', campaign.id, 'history'] });
    if (campaign) queryClient.invalidateQueries({ queryKey: ['campaign', campaign.id, 'timeline'] });
  }, [campaign?.status, campaign?.version]);

  if (isLoading) return <PageLoader />;
  if (error || !campaign) return <ErrorState error={error} onRetry={() => refetch()} what="campaign" />;

  const submitter = history.data?.filter((h) => h.action === 'submit').sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime())[0]?.actor;
  const actions = availableActions({ ...campaign, submittedBy: campaign.submittedBy ?? submitter ?? undefined }, user);
  const canEdit = actions.includes('edit');

  const saveGenerated = async (content: string) => {
    // Generation bumped the version; edit against the latest one.
    const fresh = await campaignsApi.get(campaign.id);
    await campaignsApi.update(campaign.id, { generatedContent: content }, fresh.etag);
    invalidate(campaign.id);
  };

  const remove = async () => {
    setDeleting(true);
    try {
      await campaignsApi.remove(campaign.id, campaign.etag);
      invalidate();
      toast.success('Draft deleted');
      navigate('/campaigns', { replace: true });
    } catch (e) {
      toast.error('Could not delete', errorMessage(e));
      setDeleting(false);
      setConfirmDelete(false);
    }
  };

  return (
    <div>
      <PageHeader
        breadcrumbs={[{ label: 'Campaigns', to: '/campaigns' }, { label: campaign.name }]}
        title={
          <span className="flex flex-wrap items-center gap-3">
            {campaign.name}
            <StatusBadge status={campaign.status} className="text-sm" />
          </span>
        }
        meta={
          <>
            <Link to={`/brands/${campaign.brandId}/locations/${campaign.locationId}`} className="flex items-center gap-1.5 hover:text-slate-800">
              <Icon name="store" className="size-4" /> {campaign.locationName} · #{campaign.storeNumber}
            </Link>
            <Link to={`/templates/${campaign.templateId}`} className="flex items-center gap-1.5 hover:text-slate-800">
              <Icon name="document" className="size-4" /> {campaign.templateName}
            </Link>
            <span className="flex items-center gap-1.5">
              <Icon name="user" className="size-4" /> {campaign.createdByName}
            </span>
          </>
        }
        actions={
          <>
            <WorkflowActions campaign={{ ...campaign, submittedBy: campaign.submittedBy ?? submitter ?? null }} etag={campaign.etag} />
            {actions.includes('delete') && (
              <Button variant="ghost" onClick={() => setConfirmDelete(true)} icon={<Icon name="trash" className="size-4" />}>
                Delete
              </Button>
            )}
          </>
        }
      />

      {campaign.status === 'rejected' && <RejectionBanner campaignId={campaign.id} />}

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          <Card title="Content" actions={campaign.generatedContent ? <span className="text-xs text-slate-500">Template render and AI copy</span> : undefined}>
            <div className="space-y-5">
              {campaign.generatedContent && (
                <div>
                  <h3 className="mb-2 flex items-center gap-1.5 text-xs font-semibold tracking-wide text-brand-700 uppercase">
                    <Icon name="sparkles" className="size-4" /> AI copy
                  </h3>
                  <ContentPreview content={campaign.generatedContent} title="AI copy" />
                </div>
              )}
              <div>
                {campaign.generatedContent && <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">From the template</h3>}
                <ContentPreview content={campaign.renderedContent} />
              </div>
            </div>
          </Card>

          <Card
            title="Customizations"
            actions={
              canEdit && (
                <Button size="sm" variant={editing ? 'ghost' : 'secondary'} onClick={() => setEditing(!editing)} icon={editing ? undefined : <Icon name="pencil" className="size-4" />}>
                  {editing ? 'Close editor' : 'Edit'}
                </Button>
              )
            }
          >
            {editing && canEdit ? (
              <EditDetails
                campaign={campaign}
                onSaved={() => {
                  setEditing(false);
                  invalidate(campaign.id);
                }}
              />
            ) : Object.keys(campaign.customizations ?? {}).length === 0 ? (
              <p className="text-sm text-slate-500">Template defaults are used.</p>
            ) : (
              <DescriptionList
                items={Object.entries(campaign.customizations).map(([k, v]) => ({
                  term: <code className="text-xs">{k}</code>,
                  value: String(v ?? ''),
                }))}
              />
            )}
            {!canEdit && (campaign.status === 'pendingReview' || campaign.status === 'approved') && (
              <p className="mt-3 text-xs text-slate-400">Content can be changed only in draft or after a rejection.</p>
            )}
          </Card>

          <CampaignOfferCard campaign={campaign} canEdit={canEdit} etag={campaign.etag} onSaved={() => invalidate(campaign.id)} />

          {(actions.includes('generate') || campaign.generatedContent) && (
            <Card
              title={
                <span className="flex items-center gap-2">
                  <Icon name="sparkles" className="size-4 text-brand-600" /> AI copywriter
                </span>
              }
            >
              {actions.includes('generate') ? (
                <AiPanel campaignId={campaign.id} canEdit onGenerated={() => invalidate(campaign.id)} onSave={saveGenerated} />
              ) : (
                <p className="text-sm text-slate-500">AI copy can be generated while the campaign is a draft.</p>
              )}
            </Card>
          )}
        </div>

        <div className="space-y-6">
          <ConflictsPanel campaignId={campaign.id} />
          <Card title="Schedule">
            <ScheduleSummary c={campaign} />
          </Card>
          <Card title="Activity">
            <CampaignTimeline campaignId={campaign.id} timeZone={campaign.timeZone || undefined} />
          </Card>
          <Card title="Similar campaigns">
            <SimilarPanel campaignId={campaign.id} />
          </Card>
          <Card title="Details">
            <DescriptionList
              items={[
                { term: 'Store', value: `${campaign.locationName} (#${campaign.storeNumber})` },
                { term: 'Time zone', value: campaign.timeZone },
                { term: 'Created', value: formatDateTime(campaign.createdAt) },
                { term: 'Updated', value: formatDateTime(campaign.updatedAt) },
                { term: 'Version', value: campaign.version },
                ...(campaign.rolloutId
                  ? [{ term: 'Rollout', value: <Link to={`/rollouts/${campaign.rolloutId}`} className="font-medium text-brand-600 hover:text-brand-800">See every store of this rollout</Link> }]
                  : []),
              ]}
            />
          </Card>
        </div>
      </div>

      <ConfirmDialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        onConfirm={remove}
        loading={deleting}
        variant="danger"
        title="Delete this draft?"
        description="The draft and its customizations are removed. This cannot be undone."
        confirmLabel="Delete draft"
      />
    </div>
  );
}
