import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { components } from '../api/schema';

type Schemas = components['schemas'];
type Money = string | null;
export type OfferTier = { minSpend: Money; percentOff: number | null };
/** The document types money as unknown (it accepts numbers too); the UI always sends and reads decimal strings. */
export type OfferSpec = Omit<Schemas['OfferSpec'], 'value' | 'minSpend' | 'bundlePrice' | 'tiers' | 'appliesTo'> & {
  value?: Money;
  minSpend?: Money;
  bundlePrice?: Money;
  tiers?: OfferTier[] | null;
  appliesTo?: { skus?: string[] | null; categories?: string[] | null } | null;
};
export type OfferPreview = Schemas['OfferPreviewResponse'];
export type OfferConflict = Schemas['OfferConflict'];
export type CampaignConflicts = Schemas['CampaignConflictsResponse'];

export const OFFER_TYPES = ['percentOff', 'amountOff', 'buyXGetY', 'bundlePrice', 'freeItem', 'threshold', 'tiered'] as const;
export type OfferType = (typeof OFFER_TYPES)[number];

export const OFFER_TYPE_LABEL: Record<OfferType, string> = {
  percentOff: 'Percent off',
  amountOff: 'Amount off',
  buyXGetY: 'Buy X, get Y',
  bundlePrice: 'Bundle price',
  freeItem: 'Free item',
  threshold: 'Spend & save',
  tiered: 'Tiered spend',
};

/** Threshold and tiered offers are about the whole basket; the others name their items. */
export const isBasketWide = (type: string | null | undefined) => type === 'threshold' || type === 'tiered';

export interface BasketItem {
  sku: string;
  category: string;
  unitPrice: string;
  quantity: number;
}

export interface PreviewInput {
  offers: OfferSpec[];
  locationId: string;
  at?: string;
  basket: { lines: { sku: string; category?: string; unitPrice: string; quantity: number }[] };
}

export const offersApi = {
  preview: (input: PreviewInput, signal?: AbortSignal) => api.request<OfferPreview>('/offers/preview', { method: 'POST', body: input, signal }),
  conflicts: (campaignId: string) => api.get<CampaignConflicts>(`/campaigns/${campaignId}/conflicts`),
};

export function useCampaignConflicts(campaignId: string | undefined) {
  return useQuery({ queryKey: ['campaign-conflicts', campaignId], queryFn: () => offersApi.conflicts(campaignId!), enabled: !!campaignId });
}

/** The basket as the API takes it: blank lines left out, quantities whole. */
export function basketLines(items: BasketItem[]) {
  return items
    .filter((i) => i.sku.trim() && i.unitPrice.trim())
    .map((i) => ({ sku: i.sku.trim(), category: i.category.trim() || undefined, unitPrice: i.unitPrice.trim(), quantity: Math.max(1, Math.round(i.quantity || 1)) }));
}

/** Only the fields the type uses, with list fields split from comma-separated text by the editor. */
export function cleanOffer(o: OfferSpec): OfferSpec {
  const t = o.type as OfferType;
  const out: OfferSpec = { type: t, stackable: o.stackable ?? false, priority: o.priority ?? 0 };
  const skus = o.appliesTo?.skus?.filter(Boolean) ?? [];
  const categories = o.appliesTo?.categories?.filter(Boolean) ?? [];
  if (skus.length || categories.length) out.appliesTo = { skus: skus.length ? skus : null, categories: categories.length ? categories : null };
  if (t === 'percentOff' || t === 'amountOff' || t === 'threshold') out.value = o.value ?? null;
  if (t === 'buyXGetY' || t === 'bundlePrice') out.buyQuantity = o.buyQuantity ?? null;
  if (t === 'buyXGetY' || t === 'freeItem') out.getQuantity = o.getQuantity ?? null;
  if (t === 'buyXGetY' && o.getPercentOff != null) out.getPercentOff = o.getPercentOff;
  if (t === 'bundlePrice') out.bundlePrice = o.bundlePrice ?? null;
  if (o.minSpend) out.minSpend = o.minSpend;
  if (o.minQuantity) out.minQuantity = o.minQuantity;
  if (t === 'tiered') out.tiers = o.tiers ?? [];
  if (o.hours?.length) out.hours = o.hours;
  return out;
}
