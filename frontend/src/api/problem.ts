import { plainWords } from '../lib/plainWords';

/** RFC 9457 problem details as returned by the StoreSync API. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: Record<string, string[] | string> | { field?: string; name?: string; message?: string }[];
  [extension: string]: unknown;
}

/** ASP.NET may name fields `Name`, `address.City` or `$.name`; the UI uses camelCase paths. */
export function normalizeFieldName(name: string): string {
  return name
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .map((segment) => segment.charAt(0).toLowerCase() + segment.slice(1))
    .join('.');
}

function normalizeErrors(errors: ProblemDetails['errors']): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!errors) return out;
  const add = (key: string, messages: string[]) => {
    const k = normalizeFieldName(key);
    out[k] = [...(out[k] ?? []), ...messages];
  };
  if (Array.isArray(errors)) {
    for (const e of errors) add(e.field ?? e.name ?? '', [plainWords(e.message ?? 'Invalid value')]);
  } else {
    for (const [key, value] of Object.entries(errors)) add(key, (Array.isArray(value) ? value : [String(value)]).map((m) => plainWords(m)));
  }
  return out;
}

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly type?: string;
  readonly problem: ProblemDetails;
  /** Field errors keyed by camelCase path (`name`, `address.city`). Empty when none. */
  readonly fieldErrors: Record<string, string[]>;

  constructor(status: number, problem: ProblemDetails = {}) {
    // What people read is in plain words and their own time zone (the raw problem stays in `problem`).
    const title = problem.title ? plainWords(problem.title) : defaultTitle(status);
    const detail = problem.detail ? plainWords(problem.detail) : undefined;
    super(detail ?? title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.type = problem.type;
    this.problem = problem;
    this.fieldErrors = normalizeErrors(problem.errors);
  }

  /** First message for a field (exact, or case-insensitively, or the general "" key for root errors). */
  fieldError(field: string): string | undefined {
    const exact = this.fieldErrors[field];
    if (exact?.length) return exact[0];
    const lower = field.toLowerCase();
    const key = Object.keys(this.fieldErrors).find((k) => k.toLowerCase() === lower);
    return key ? this.fieldErrors[key][0] : undefined;
  }

  get hasFieldErrors(): boolean {
    return Object.keys(this.fieldErrors).length > 0;
  }

  get isNotFound() {
    return this.status === 404;
  }
}

function defaultTitle(status: number): string {
  switch (status) {
    case 0:
      return 'Network error';
    case 400:
      return 'The request was invalid';
    case 401:
      return 'Your session has expired';
    case 403:
      return 'You do not have permission to do this';
    case 404:
      return 'Not found';
    case 409:
      return 'Conflict';
    case 412:
      return 'This item was changed by someone else';
    case 413:
      return 'The file is too large';
    case 429:
      return 'Too many requests';
    case 503:
      return 'The service is temporarily unavailable';
    default:
      return status >= 500 ? 'Something went wrong on the server' : `Request failed (${status})`;
  }
}

/** A human sentence for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 412) return 'Someone else changed this item. Reload to see the latest version.';
    if (error.detail && error.detail !== error.title) return error.detail;
    if (error.hasFieldErrors) {
      const first = Object.values(error.fieldErrors)[0]?.[0];
      if (first) return first;
    }
    return error.title;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}
