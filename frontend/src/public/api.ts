import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { components } from '../api/schema';

export type PublicStorePageData = components['schemas']['PublicStorePage'];
export type PublicCampaign = components['schemas']['PublicCampaign'];

/** The public store page: anonymous (never sends the signed-in user's token). */
export function usePublicStore(brandSlug: string | undefined, storeNumber: string | undefined) {
  return useQuery({
    queryKey: ['public-store', brandSlug, storeNumber],
    queryFn: async () =>
      (
        await api.send<PublicStorePageData>(
          `/public/brands/${encodeURIComponent(brandSlug!)}/locations/${encodeURIComponent(storeNumber!)}`,
          { anonymous: true },
        )
      ).data,
    enabled: !!brandSlug && !!storeNumber,
    refetchInterval: 60_000,
  });
}

type Offer = {
  type?: string;
  value?: number | string;
  buyQuantity?: number;
  getQuantity?: number;
  getPercentOff?: number;
  bundlePrice?: number | string;
  minSpend?: number | string;
  minQuantity?: number;
  tiers?: { minSpend: number | string; percentOff: number }[];
  hours?: { days?: string[]; start?: string; end?: string }[];
  requiresVoucher?: boolean;
};

/** An offer in plain words for shoppers ("20% off", "Buy 2, get 1 free"); null when there is none or it is unreadable. */
export function offerSummary(raw: unknown): string | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const o = raw as Offer;
  const money = (v: number | string | undefined) => (v === undefined ? '' : String(v));
  let text: string | null;
  switch (o.type) {
    case 'percentOff':
      text = `${o.value}% off`;
      break;
    case 'amountOff':
      text = `${money(o.value)} off`;
      break;
    case 'buyXGetY':
      text = `Buy ${o.buyQuantity ?? 1}, get ${o.getQuantity ?? 1} ${o.getPercentOff && o.getPercentOff < 100 ? `at ${o.getPercentOff}% off` : 'free'}`;
      break;
    case 'bundlePrice':
      text = `Bundle for ${money(o.bundlePrice ?? o.value)}`;
      break;
    case 'freeItem':
      text = 'Free item';
      break;
    case 'threshold':
      text = `${o.value}${typeof o.value === 'number' && o.value <= 100 ? '%' : ''} off when you spend ${money(o.minSpend)}`;
      break;
    case 'tiered':
      text = (o.tiers ?? []).map((t) => `${t.percentOff}% off from ${money(t.minSpend)}`).join(' · ') || 'Spend more, save more';
      break;
    default:
      return null;
  }
  if (o.minSpend && o.type !== 'threshold') text += ` (min. spend ${money(o.minSpend)})`;
  if (o.hours?.length) text += ` · ${o.hours.map((h) => `${(h.days ?? []).join(', ')} ${h.start}–${h.end}`.trim()).join('; ')}`;
  if (o.requiresVoucher) text += ' · with voucher';
  return text;
}
