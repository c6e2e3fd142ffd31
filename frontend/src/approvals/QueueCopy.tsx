import { useMemo } from 'react';
import { useQueries } from '@tanstack/react-query';
import type { ApprovalItem, Template, TemplateVariable } from '../api/types';
import { templatesApi } from '../templates/api';

/** HTML copy as the words a reviewer reads (parsed inertly: DOMParser runs no scripts and loads nothing). */
function asText(content: string): string {
  if (!/<[a-z][\s\S]*>/i.test(content) || typeof DOMParser === 'undefined') return content;
  return new DOMParser().parseFromString(content, 'text/html').body.textContent?.trim() ?? content;
}

function show(value: unknown, v?: TemplateVariable): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  return `${String(value)}${v?.type === 'percent' ? '%' : ''}`;
}

export interface Change {
  name: string;
  label: string;
  value: string;
  templateDefault: string | null;
}

/** The campaign's own values where they differ from its template's defaults (what the author changed). */
export function changesFromTemplate(c: Pick<ApprovalItem, 'customizations'>, template?: Template): Change[] {
  const vars = new Map((template?.variables ?? []).map((v) => [v.name, v]));
  const out: Change[] = [];
  for (const [name, value] of Object.entries(c.customizations ?? {})) {
    const v = vars.get(name);
    const def = v?.default ?? null;
    if (v && def !== null && String(def) === String(value)) continue;
    out.push({ name, label: v?.label || name, value: show(value, v), templateDefault: def === null ? null : show(def, v) });
  }
  return out;
}

/** Templates of the queue's campaigns, each fetched once and cached like any template. */
export function useQueueTemplates(items: ApprovalItem[] | undefined): Map<string, Template> {
  const ids = [...new Set((items ?? []).map((c) => c.templateId).filter(Boolean))];
  const loaded = useQueries({
    queries: ids.map((id) => ({ queryKey: ['template', id], queryFn: () => templatesApi.get(id), staleTime: 60_000 })),
    combine: (results) => results.map((r) => r.data),
  });
  // One map per set of loaded templates (not per render), so the queue's memoised rows stay memoised.
  const key = loaded.map((t) => t?.id ?? '').join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => new Map(loaded.filter((t): t is Template => !!t).map((t) => [t.id, t])), [key]);
}

/** What "Approve" approves: the copy as it will go out (AI copy when there is some) and what differs from the template. */
export function QueueCopy({ c, template }: { c: ApprovalItem; template?: Template }) {
  const copy = c.generatedContent || c.renderedContent;
  const changes = changesFromTemplate(c, template);
  return (
    <div className="max-w-md min-w-[16rem] space-y-2" data-testid="queue-copy">
      {c.generatedContent && <p className="text-[11px] font-semibold tracking-wide text-violet-700 uppercase">AI-written copy</p>}
      {copy && asText(copy).length <= 180 && asText(copy).split('\n').length <= 4 ? (
        <p className="text-sm leading-relaxed break-words whitespace-pre-wrap text-slate-800">{asText(copy)}</p>
      ) : copy ? (
        <details className="group">
          <summary className="cursor-pointer list-none text-sm leading-relaxed break-words whitespace-pre-wrap text-slate-800 [&::-webkit-details-marker]:hidden">
            <span className="line-clamp-4 group-open:line-clamp-none">{asText(copy)}</span>
            <span className="mt-0.5 block text-xs font-medium text-brand-600 group-open:hidden">Show all</span>
          </summary>
        </details>
      ) : (
        <p className="text-sm text-slate-400 italic">No copy rendered.</p>
      )}
      <div className="text-xs text-slate-600">
        {changes.length === 0 ? (
          <p className="text-slate-500">No changes from the template's defaults.</p>
        ) : (
          <>
            <p className="font-medium text-slate-700">Changed from the template:</p>
            <ul className="mt-0.5 space-y-0.5">
              {changes.map((ch) => (
                <li key={ch.name}>
                  {ch.label}: <span className="font-medium text-slate-900">{ch.value}</span>
                  {ch.templateDefault !== null ? (
                    <span className="text-slate-500"> (template: {ch.templateDefault})</span>
                  ) : (
                    <span className="text-slate-500"> (no default in the template)</span>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
