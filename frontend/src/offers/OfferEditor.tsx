import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ApiError, errorMessage } from '../api/problem';
import { useDebouncedValue } from '../lib/hooks';
import { Badge, Button, Card, Checkbox, Field, Input, Select, Spinner } from '../ui';
import { OFFER_TYPES, OFFER_TYPE_LABEL, basketLines, cleanOffer, isBasketWide, offersApi, type BasketItem, type OfferSpec, type OfferType } from './api';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
const num = (text: string) => (text.trim() === '' ? null : Number(text));

/**
 * Edits one offer in the contract's shape. Field errors come from the server (`offer.value`, `offer.tiers[1].minSpend`…)
 * under `errorPrefix`.
 */
export function OfferEditor({
  value,
  onChange,
  errors = {},
  errorPrefix = 'offer',
  readOnly,
}: {
  value: OfferSpec | null;
  onChange: (offer: OfferSpec | null) => void;
  errors?: Record<string, string | undefined>;
  errorPrefix?: string;
  readOnly?: boolean;
}) {
  const err = (field: string) => errors[`${errorPrefix}.${field}`];
  if (!value) {
    return (
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-slate-500">No offer: the copy alone goes to the stores.</p>
        {!readOnly && (
          <Button variant="secondary" onClick={() => onChange({ type: 'percentOff', value: '10', appliesTo: { skus: null, categories: [] }, stackable: false, priority: 0 })}>
            Add an offer
          </Button>
        )}
      </div>
    );
  }
  const type = (value.type ?? 'percentOff') as OfferType;
  const set = (patch: Partial<OfferSpec>) => onChange({ ...value, ...patch });
  const hours = value.hours?.[0];
  return (
    <fieldset disabled={readOnly} className="space-y-4" aria-label="Offer">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label="Offer type" error={err('type')}>
          {(p) => (
            <Select {...p} value={type} onChange={(e) => set({ type: e.target.value })}>
              {OFFER_TYPES.map((t) => (
                <option key={t} value={t}>
                  {OFFER_TYPE_LABEL[t]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {(type === 'percentOff' || type === 'amountOff' || type === 'threshold') && (
          <Field label={type === 'percentOff' ? 'Percent off' : 'Amount off'} error={err('value')}>
            {(p) => <Input {...p} inputMode="decimal" value={value.value ?? ''} onChange={(e) => set({ value: e.target.value })} />}
          </Field>
        )}
        {(type === 'buyXGetY' || type === 'bundlePrice') && (
          <Field label={type === 'bundlePrice' ? 'Items in a bundle' : 'Buy quantity'} error={err('buyQuantity')}>
            {(p) => <Input {...p} type="number" min={1} value={value.buyQuantity ?? ''} onChange={(e) => set({ buyQuantity: num(e.target.value) })} />}
          </Field>
        )}
        {(type === 'buyXGetY' || type === 'freeItem') && (
          <Field label="Get quantity" error={err('getQuantity')}>
            {(p) => <Input {...p} type="number" min={1} value={value.getQuantity ?? ''} onChange={(e) => set({ getQuantity: num(e.target.value) })} />}
          </Field>
        )}
        {type === 'buyXGetY' && (
          <Field label="Percent off the items got" hint="100 = free" error={err('getPercentOff')}>
            {(p) => <Input {...p} type="number" value={value.getPercentOff ?? ''} onChange={(e) => set({ getPercentOff: num(e.target.value) })} />}
          </Field>
        )}
        {type === 'bundlePrice' && (
          <Field label="Bundle price" error={err('bundlePrice')}>
            {(p) => <Input {...p} inputMode="decimal" value={value.bundlePrice ?? ''} onChange={(e) => set({ bundlePrice: e.target.value })} />}
          </Field>
        )}
        <Field label="Minimum spend" hint={type === 'threshold' ? 'Required' : 'Optional'} error={err('minSpend')}>
          {(p) => <Input {...p} inputMode="decimal" value={value.minSpend ?? ''} onChange={(e) => set({ minSpend: e.target.value || null })} />}
        </Field>
        <Field label="Minimum quantity" hint="Optional" error={err('minQuantity')}>
          {(p) => <Input {...p} type="number" min={1} value={value.minQuantity ?? ''} onChange={(e) => set({ minQuantity: num(e.target.value) })} />}
        </Field>
      </div>
      {type === 'tiered' && (
        <div className="space-y-2" aria-label="Tiers">
          <p className="text-sm font-medium text-slate-700">Tiers (ascending spend)</p>
          {(value.tiers ?? []).map((t, i) => (
            <div key={i} className="flex items-end gap-2">
              <Field label={`Tier ${i + 1} spend`} error={err(`tiers[${i}].minSpend`)}>
                {(p) => <Input {...p} inputMode="decimal" value={t.minSpend ?? ''} onChange={(e) => set({ tiers: value.tiers!.map((x, k) => (k === i ? { ...x, minSpend: e.target.value } : x)) })} />}
              </Field>
              <Field label="Percent off" error={err(`tiers[${i}].percentOff`)}>
                {(p) => <Input {...p} type="number" value={t.percentOff ?? ''} onChange={(e) => set({ tiers: value.tiers!.map((x, k) => (k === i ? { ...x, percentOff: num(e.target.value) } : x)) })} />}
              </Field>
            </div>
          ))}
          {!readOnly && (
            <Button variant="secondary" onClick={() => set({ tiers: [...(value.tiers ?? []), { minSpend: '', percentOff: null }] })}>
              Add tier
            </Button>
          )}
        </div>
      )}
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label="Skus" hint={isBasketWide(type) ? 'Optional: comma-separated' : 'Comma-separated'} error={err('appliesTo') ?? err('appliesTo.skus')}>
          {(p) => <Input {...p} value={(value.appliesTo?.skus ?? []).join(', ')} onChange={(e) => set({ appliesTo: { ...value.appliesTo, skus: list(e.target.value) } })} />}
        </Field>
        <Field label="Categories" hint="Comma-separated" error={err('appliesTo.categories')}>
          {(p) => <Input {...p} value={(value.appliesTo?.categories ?? []).join(', ')} onChange={(e) => set({ appliesTo: { ...value.appliesTo, categories: list(e.target.value) } })} />}
        </Field>
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <Field label="Hours from" hint="Store time, optional" error={err('hours[0].start')}>
          {(p) => <Input {...p} placeholder="09:00" value={hours?.start ?? ''} onChange={(e) => set({ hours: e.target.value ? [{ days: hours?.days ?? DAYS, start: e.target.value, end: hours?.end ?? '' }] : null })} />}
        </Field>
        <Field label="Hours until" error={err('hours[0].end')}>
          {(p) => <Input {...p} placeholder="17:00" value={hours?.end ?? ''} disabled={!hours} onChange={(e) => set({ hours: [{ days: hours?.days ?? DAYS, start: hours?.start ?? '', end: e.target.value }] })} />}
        </Field>
        <Field label="Priority" hint="Higher wins" error={err('priority')}>
          {(p) => <Input {...p} type="number" value={value.priority ?? 0} onChange={(e) => set({ priority: num(e.target.value) ?? 0 })} />}
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <Checkbox label="Stackable with other offers" checked={!!value.stackable} onChange={(e) => set({ stackable: e.target.checked })} />
        {!readOnly && (
          <Button variant="ghost" onClick={() => onChange(null)}>
            Remove offer
          </Button>
        )}
      </div>
    </fieldset>
  );
}

const FIRST_ITEM: BasketItem = { sku: '', category: '', unitPrice: '', quantity: 1 };

/** A till for the offer being edited: add items, see subtotal, discount and total as the server prices them (debounced). */
export function BasketPreview({ offer, locationId, initial }: { offer: OfferSpec | null; locationId: string | undefined; initial?: BasketItem[] }) {
  const [items, setItems] = useState<BasketItem[]>(initial ?? [FIRST_ITEM]);
  const [at, setAt] = useState('');
  const request = useMemo(
    () => (offer && locationId ? { offers: [cleanOffer(offer)], locationId, at: at || undefined, basket: { lines: basketLines(items) } } : null),
    [offer, locationId, items, at],
  );
  const debounced = useDebouncedValue(request, 400);
  const preview = useQuery({
    queryKey: ['offer-preview', debounced],
    queryFn: ({ signal }) => offersApi.preview(debounced!, signal),
    enabled: !!debounced && debounced.basket.lines.length > 0,
    retry: false,
    placeholderData: (prev) => prev,
  });
  const update = (i: number, patch: Partial<BasketItem>) => setItems(items.map((x, k) => (k === i ? { ...x, ...patch } : x)));
  if (!offer) return null;
  if (!locationId) return <p className="text-sm text-slate-500">Choose a store to price a basket.</p>;
  const problem = preview.error instanceof ApiError ? preview.error : null;
  const data = preview.data;
  return (
    <div className="space-y-3" aria-label="Basket preview">
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th className="font-medium">Sku</th>
            <th className="font-medium">Category</th>
            <th className="font-medium">Price</th>
            <th className="font-medium">Qty</th>
            <th className="text-right font-medium">Discount</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) => (
            <tr key={i}>
              <td className="pr-1 py-1"><Input aria-label={`Line ${i + 1} sku`} value={item.sku} onChange={(e) => update(i, { sku: e.target.value })} /></td>
              <td className="pr-1 py-1"><Input aria-label={`Line ${i + 1} category`} value={item.category} onChange={(e) => update(i, { category: e.target.value })} /></td>
              <td className="pr-1 py-1"><Input aria-label={`Line ${i + 1} price`} inputMode="decimal" value={item.unitPrice} onChange={(e) => update(i, { unitPrice: e.target.value })} /></td>
              <td className="pr-1 py-1"><Input aria-label={`Line ${i + 1} quantity`} type="number" min={1} value={item.quantity} onChange={(e) => update(i, { quantity: Number(e.target.value) })} /></td>
              <td className="py-1 text-right tabular-nums">{data?.lines.find((l, k) => k === i && l.sku === item.sku.trim())?.discount ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" onClick={() => setItems([...items, { ...FIRST_ITEM }])}>Add item</Button>
        <Input aria-label="Priced at (store time)" type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} className="w-56" />
        {preview.isFetching && <Spinner className="size-4" label="Pricing" />}
      </div>
      {problem && <p className="text-sm text-rose-700" role="alert">{problem.hasFieldErrors ? Object.values(problem.fieldErrors).flat().join(' ') : errorMessage(problem)}</p>}
      {data && !problem && (
        <div className="rounded-lg bg-slate-50 p-3 text-sm" aria-live="polite">
          <dl className="grid grid-cols-2 gap-1 tabular-nums">
            <dt>Subtotal</dt>
            <dd className="text-right" data-testid="basket-subtotal">{data.subtotal} {data.currency}</dd>
            <dt>Discount</dt>
            <dd className="text-right" data-testid="basket-discount">−{data.discount}</dd>
            <dt className="font-semibold">Total</dt>
            <dd className="text-right font-semibold" data-testid="basket-total">{data.total} {data.currency}</dd>
          </dl>
          {data.applied.map((a, i) => (
            <p key={`a${i}`} className="mt-2 text-emerald-800"><Badge tone="success">applied</Badge> {a.reason}</p>
          ))}
          {data.skipped.map((s, i) => (
            <p key={`s${i}`} className="mt-2 text-slate-600"><Badge tone="neutral">skipped</Badge> {s.reason}</p>
          ))}
        </div>
      )}
    </div>
  );
}

/** The offer editor with its live basket preview, as a card (template editor and draft campaigns). */
export function OfferCard({ value, onChange, locationId, errors, readOnly }: { value: OfferSpec | null; onChange: (o: OfferSpec | null) => void; locationId?: string; errors?: Record<string, string | undefined>; readOnly?: boolean }) {
  return (
    <Card title="Offer">
      <div className="space-y-6">
        <OfferEditor value={value} onChange={onChange} errors={errors} readOnly={readOnly} />
        <BasketPreview offer={value} locationId={locationId} />
      </div>
    </Card>
  );
}
