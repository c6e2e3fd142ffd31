import { useParams } from 'react-router';
import { ApiError } from '../api/problem';
import { useDocumentTitle } from '../lib/hooks';
import { formatDate } from '../lib/time';
import { Spinner } from '../ui';
import { offerSummary, usePublicStore } from './api';

/** Opening hours from the store's attributes: an object of day → hours, a list of lines, or a single line. */
function Hours({ hours }: { hours: unknown }) {
  if (hours === null || hours === undefined) return null;
  let rows: [string, string][];
  if (typeof hours === 'string') rows = [['', hours]];
  else if (Array.isArray(hours)) rows = hours.map((h) => ['', typeof h === 'string' ? h : JSON.stringify(h)]);
  else if (typeof hours === 'object') rows = Object.entries(hours as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
  else return null;
  return (
    <section aria-labelledby="hours" className="mt-4">
      <h2 id="hours" className="text-sm font-semibold text-slate-900">
        Opening hours
      </h2>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-4 text-sm text-slate-700">
        {rows.map(([day, value], i) => (
          <div key={i} className="contents">
            <dt className="capitalize">{day}</dt>
            <dd className="break-words">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** A store's public page (/s/:brandSlug/:storeNumber): no sign-in, no app shell, readable on a phone. */
export default function PublicStorePage() {
  const { brandSlug, storeNumber } = useParams();
  const { data, isLoading, error } = usePublicStore(brandSlug, storeNumber);
  useDocumentTitle(data ? `${data.store.name} · ${data.brand.name}` : 'Store');

  if (isLoading)
    return (
      <main className="flex min-h-dvh items-center justify-center">
        <Spinner />
      </main>
    );
  if (error || !data)
    return (
      <main className="mx-auto max-w-xl p-6 text-center">
        <h1 className="text-lg font-semibold text-slate-900">
          {error instanceof ApiError && error.status === 404 ? 'Store not found' : 'This page could not be loaded'}
        </h1>
        <p className="mt-2 text-sm text-slate-600">
          {error instanceof ApiError && error.status === 404
            ? 'Check the link: the store may have moved or closed.'
            : 'Please try again in a moment.'}
        </p>
      </main>
    );

  const { brand, store, campaigns } = data;
  return (
    <main className="mx-auto min-h-dvh w-full max-w-xl overflow-x-hidden bg-white px-4 py-6 sm:px-6">
      <header>
        <p className="text-sm font-medium text-brand-700">{brand.name}</p>
        <h1 className="mt-1 text-2xl font-bold break-words text-slate-900">{store.name}</h1>
        <address className="mt-2 text-sm break-words text-slate-600 not-italic">{store.fullAddress}</address>
        <Hours hours={store.hours} />
      </header>
      <section aria-labelledby="offers" className="mt-8">
        <h2 id="offers" className="text-lg font-semibold text-slate-900">
          In store now
        </h2>
        {campaigns.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No offers running right now. Come back soon.</p>
        ) : (
          <ul className="mt-3 space-y-4">
            {campaigns.map((c, i) => {
              const offer = offerSummary(c.offer);
              return (
                <li key={i} className="rounded-xl p-4 ring-1 ring-slate-200">
                  <h3 className="font-semibold break-words text-slate-900">{c.name}</h3>
                  {offer && <p className="mt-1 inline-block rounded-md bg-brand-50 px-2 py-0.5 text-sm font-semibold text-brand-800">{offer}</p>}
                  <p className="mt-2 text-sm whitespace-pre-line break-words text-slate-700">{c.content}</p>
                  <p className="mt-2 text-xs text-slate-500">Until {formatDate(c.endsAt, store.timeZone)}</p>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </main>
  );
}
