import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/problem';
import type { Campaign } from '../api/types';
import { Button, Card, FormError, useToast } from '../ui';
import { api } from '../api';
import { cleanOffer, type OfferSpec } from './api';
import { BasketPreview, OfferEditor } from './OfferEditor';

/** A campaign's effective offer: editable with a live basket preview while the content is (draft, rejected). */
export function CampaignOfferCard({ campaign, canEdit, etag, onSaved }: { campaign: Campaign; canEdit: boolean; etag?: string; onSaved: () => void }) {
  const stored = (campaign.offer as OfferSpec | null | undefined) ?? null;
  const [offer, setOffer] = useState<OfferSpec | null>(stored);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  useEffect(() => setOffer(stored), [campaign.version]);

  const save = async () => {
    if (!offer) return;
    setBusy(true);
    setFormError(undefined);
    try {
      await api.patch(`/campaigns/${campaign.id}`, { offer: cleanOffer(offer) }, { headers: etag ? { 'If-Match': etag } : undefined });
      setErrors({});
      toast.success('Offer saved');
      onSaved();
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        setErrors(Object.fromEntries(Object.keys(error.fieldErrors).map((k) => [k, error.fieldError(k)])));
      } else setFormError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  if (!stored && !canEdit) return null;
  return (
    <Card title="Offer">
      <div className="space-y-6">
        <OfferEditor value={offer} onChange={setOffer} errors={errors} readOnly={!canEdit} />
        <BasketPreview offer={offer} locationId={campaign.locationId} />
        {canEdit && offer && (
          <div className="flex items-center justify-end gap-3">
            <FormError message={formError} />
            <Button onClick={save} loading={busy}>
              Save offer
            </Button>
          </div>
        )}
      </div>
    </Card>
  );
}
