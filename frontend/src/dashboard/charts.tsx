import { useMemo, useState } from 'react';
import { CAMPAIGN_STATUSES, type CampaignStatus, type Stats } from '../api/types';
import { STATUS_COLOR, STATUS_LABEL } from '../lib/labels';
import { useElementWidth } from '../lib/useElementWidth';

/** Donut of campaigns by status, with a legend that doubles as the accessible data table. */
export function StatusDonut({ counts }: { counts: Partial<Record<CampaignStatus, number>> }) {
  const entries = CAMPAIGN_STATUSES.map((s) => ({ status: s, value: counts[s] ?? 0 }));
  const total = entries.reduce((a, e) => a + e.value, 0);
  const r = 52;
  const c = 2 * Math.PI * r;
  let offset = 0;
  const [hover, setHover] = useState<CampaignStatus | null>(null);
  const hovered = hover ? entries.find((e) => e.status === hover) : null;

  return (
    <div className="flex flex-col items-center gap-6 sm:flex-row sm:items-center">
      <svg viewBox="0 0 140 140" className="size-40 shrink-0" role="img" aria-label={`Campaigns by status, ${total} in total`}>
        <circle cx="70" cy="70" r={r} fill="none" stroke="#f1f5f9" strokeWidth="16" />
        {total > 0 &&
          entries
            .filter((e) => e.value > 0)
            .map((e) => {
              const len = (e.value / total) * c;
              const gap = entries.filter((x) => x.value > 0).length > 1 ? 1.5 : 0;
              const el = (
                <circle
                  key={e.status}
                  cx="70"
                  cy="70"
                  r={r}
                  fill="none"
                  stroke={STATUS_COLOR[e.status].hex}
                  strokeWidth={hover === e.status ? 20 : 16}
                  strokeDasharray={`${Math.max(0, len - gap)} ${c - Math.max(0, len - gap)}`}
                  strokeDashoffset={-offset}
                  transform="rotate(-90 70 70)"
                  onMouseEnter={() => setHover(e.status)}
                  onMouseLeave={() => setHover(null)}
                  style={{ transition: 'stroke-width 120ms' }}
                />
              );
              offset += len;
              return el;
            })}
        <text x="70" y="66" textAnchor="middle" className="fill-slate-900 text-[22px] font-semibold">
          {hovered ? hovered.value : total}
        </text>
        <text x="70" y="84" textAnchor="middle" className="fill-slate-500 text-[9px]">
          {hovered ? STATUS_LABEL[hovered.status] : 'campaigns'}
        </text>
      </svg>
      <ul className="grid w-full grid-cols-1 gap-y-1.5 text-sm sm:grid-cols-2 sm:gap-x-6 xl:grid-cols-1">
        {entries.map((e) => (
          <li
            key={e.status}
            className="flex items-center justify-between gap-2"
            onMouseEnter={() => setHover(e.status)}
            onMouseLeave={() => setHover(null)}
          >
            <span className="flex items-center gap-2 text-slate-600">
              <span className="size-2.5 rounded-sm" style={{ background: STATUS_COLOR[e.status].hex }} aria-hidden="true" />
              {STATUS_LABEL[e.status]}
            </span>
            <span className="font-medium text-slate-900 tabular-nums">{e.value}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const SERIES = [
  { key: 'created', label: 'Created', color: '#94a3b8' },
  { key: 'submitted', label: 'Submitted', color: '#f59e0b' },
  { key: 'approved', label: 'Approved', color: '#10b981' },
  { key: 'rejected', label: 'Rejected', color: '#f43f5e' },
] as const;

/** Daily workflow activity over the last 30 days as lines, with a hover read-out per day. */
export function ActivityChart({ activity }: { activity: Stats['activity'] }) {
  return <TimeSeriesChart days={activity} series={SERIES} label={`Workflow activity over the last ${activity.length} days`} caption="Daily activity" />;
}

export interface ChartSeries<K extends string> {
  key: K;
  label: string;
  color: string;
  /** How a value reads in the hover read-out, the axis and the data table (default: as is). */
  format?: (value: number) => string;
}

/**
 * Daily values as lines (one per series), with a hover read-out per day and an accessible data table. `days` are
 * `{date: 'yyyy-MM-dd', [key]: number}` rows, one per day, in order.
 */
export function TimeSeriesChart<K extends string>({
  days,
  series,
  label,
  caption,
}: {
  days: readonly ({ date: string } & Partial<Record<K, number>>)[];
  series: readonly ChartSeries<K>[];
  label: string;
  caption: string;
}) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const [hoverIndex, setHoverIndex] = useState<number | null>(null);
  const height = 220;
  const format = series[0]?.format ?? ((v: number) => String(v));
  const pad = { top: 12, right: 12, bottom: 28, left: series.some((s) => s.format) ? 56 : 32 };
  const w = Math.max(200, width) - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const value = (d: (typeof days)[number], key: K) => Number(d[key] ?? 0);
  const max = useMemo(() => Math.max(4, ...days.flatMap((d) => series.map((s) => value(d, s.key)))), [days, series]);
  const niceMax = Math.ceil(max / 4) * 4;
  const x = (i: number) => (days.length <= 1 ? w / 2 : (i / (days.length - 1)) * w);
  const y = (v: number) => h - (v / niceMax) * h;
  const ticks = [0, niceMax / 4, niceMax / 2, (3 * niceMax) / 4, niceMax];
  const labelEvery = Math.ceil(days.length / Math.max(2, Math.floor(w / 70)));
  const short = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const hovered = hoverIndex !== null ? days[hoverIndex] : null;
  const show = (s: ChartSeries<K>, v: number) => (s.format ? s.format(v) : String(v));

  return (
    <div>
      <div className="mb-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {series.map((s) => (
          <span key={s.key} className="flex items-center gap-1.5">
            <span className="h-0.5 w-3 rounded" style={{ background: s.color }} aria-hidden="true" />
            {s.label}
          </span>
        ))}
      </div>
      <div ref={ref} className="relative w-full">
        <svg
          width="100%"
          height={height}
          role="img"
          aria-label={label}
          onMouseLeave={() => setHoverIndex(null)}
          onMouseMove={(e) => {
            const rect = (e.currentTarget as SVGSVGElement).getBoundingClientRect();
            const px = e.clientX - rect.left - pad.left;
            if (days.length === 0) return;
            const i = Math.round((px / w) * (days.length - 1));
            setHoverIndex(Math.max(0, Math.min(days.length - 1, i)));
          }}
        >
          <g transform={`translate(${pad.left},${pad.top})`}>
            {ticks.map((t) => (
              <g key={t}>
                <line x1={0} x2={w} y1={y(t)} y2={y(t)} stroke="#e2e8f0" strokeDasharray={t === 0 ? undefined : '3 3'} />
                <text x={-8} y={y(t)} dy="0.32em" textAnchor="end" className="fill-slate-400 text-[10px] tabular-nums">
                  {format(t)}
                </text>
              </g>
            ))}
            {days.map((d, i) =>
              i % labelEvery === 0 ? (
                <text key={d.date} x={x(i)} y={h + 18} textAnchor="middle" className="fill-slate-400 text-[10px]">
                  {short(d.date)}
                </text>
              ) : null,
            )}
            {series.map((s) => (
              <polyline
                key={s.key}
                fill="none"
                stroke={s.color}
                strokeWidth={2}
                strokeLinejoin="round"
                strokeLinecap="round"
                points={days.map((d, i) => `${x(i)},${y(value(d, s.key))}`).join(' ')}
              />
            ))}
            {hoverIndex !== null && hovered && (
              <g>
                <line x1={x(hoverIndex)} x2={x(hoverIndex)} y1={0} y2={h} stroke="#cbd5e1" />
                {series.map((s) => (
                  <circle key={s.key} cx={x(hoverIndex)} cy={y(value(hovered, s.key))} r={3.5} fill="#fff" stroke={s.color} strokeWidth={2} />
                ))}
              </g>
            )}
          </g>
        </svg>
        {hovered && hoverIndex !== null && (
          <div
            className="pointer-events-none absolute top-2 z-10 rounded-lg bg-slate-900 px-3 py-2 text-xs text-white shadow-lg"
            style={{ left: Math.min(Math.max(0, pad.left + x(hoverIndex) - 70), Math.max(0, width - 150)) }}
          >
            <div className="mb-1 font-medium">{short(hovered.date)}</div>
            {series.map((s) => (
              <div key={s.key} className="flex justify-between gap-4">
                <span className="text-slate-300">{s.label}</span>
                <span className="tabular-nums">{show(s, value(hovered, s.key))}</span>
              </div>
            ))}
          </div>
        )}
      </div>
      <div className="sr-only">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th>Date</th>
              {series.map((s) => (
                <th key={s.key}>{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <td>{d.date}</td>
                {series.map((s) => (
                  <td key={s.key}>{show(s, value(d, s.key))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
