import { ApiError, type ProblemDetails } from './problem';
import type { TokenResponse } from './types';
import { tokensFrom, type TokenStore } from './tokens';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  /** Plain objects are sent as JSON; FormData as multipart. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Read the response as a Blob (downloads). */
  responseType?: 'json' | 'blob';
  /** Send without a bearer token and never try to refresh (login, refresh itself). */
  anonymous?: boolean;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

export interface ApiClientOptions {
  baseUrl: () => string;
  tokens: TokenStore;
  fetch?: typeof fetch;
  /** Called once when the refresh token is rejected: the session is over. */
  onSessionExpired?: () => void;
  now?: () => number;
  /** Runs the refresh exclusively across tabs (Web Locks), so two tabs never spend one refresh token. */
  lock?: <T>(fn: () => Promise<T>) => Promise<T>;
}

function webLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  return locks ? (locks.request('storesync.token-refresh', fn) as Promise<T>) : fn();
}


export function buildQuery(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, String(v)));
    else params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * Typed fetch wrapper for /api/v1. On a 401 it refreshes the access token once (one refresh shared by
 * every request that failed at the same moment) and retries the request once; a second 401, or a
 * rejected refresh token, ends the session.
 */
export class ApiClient {
  private refreshing: Promise<boolean> | null = null;
  private readonly opts: ApiClientOptions;

  constructor(opts: ApiClientOptions) {
    this.opts = opts;
  }

  get tokens() {
    return this.opts.tokens;
  }

  url(path: string, query?: Query): string {
    return `${this.opts.baseUrl()}${path}${buildQuery(query)}`;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.send<T>(path, options)).data;
  }

  async send<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    // Renewing just before expiry means requests rarely meet a 401 at all; the 401 path stays as the fallback.
    const refreshAt = options.anonymous ? undefined : this.opts.tokens.get()?.refreshAt;
    if (refreshAt !== undefined && (this.opts.now ?? Date.now)() >= refreshAt) await this.refresh();
    const usedToken = options.anonymous ? undefined : this.opts.tokens.get()?.accessToken;
    let response = await this.rawFetch(path, options, usedToken);
    if (response.status === 401 && !options.anonymous && this.opts.tokens.get()) {
      const current = this.opts.tokens.get()?.accessToken;
      // Another request may already have refreshed while this one was in flight.
      const renewed = current && current !== usedToken ? true : await this.refresh();
      if (renewed) {
        response = await this.rawFetch(path, options, this.opts.tokens.get()?.accessToken);
        if (response.status === 401) this.expire();
      }
    }
    return this.parse<T>(response, options);
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal) {
    return this.request<T>(path, { query, signal });
  }
  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body' | 'method'> = {}) {
    return this.request<T>(path, { ...options, method: 'POST', body });
  }
  patch<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body' | 'method'> = {}) {
    return this.request<T>(path, { ...options, method: 'PATCH', body });
  }
  delete<T = void>(path: string, options: Omit<RequestOptions, 'method'> = {}) {
    return this.request<T>(path, { ...options, method: 'DELETE' });
  }

  /** Exchange the refresh token for new tokens; concurrent callers share one network call. */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    const before = this.opts.tokens.get()?.refreshToken;
    return (this.opts.lock ?? webLock)(async () => {
      const current = this.opts.tokens.get();
      // Refresh tokens rotate and a reused one revokes the session: if another tab renewed the
      // tokens while this one waited for the lock, use theirs instead of spending ours again.
      if (current && before && current.refreshToken !== before) return true;
      const refreshToken = current?.refreshToken;
      if (!refreshToken) {
        this.expire();
        return false;
      }
      let response: Response;
      try {
        response = await this.rawFetch('/auth/refresh', { method: 'POST', body: { refreshToken }, anonymous: true });
      } catch {
        return false; // offline: keep the session, the original request reports the failure
      }
      if (!response.ok) {
        this.expire();
        return false;
      }
      this.opts.tokens.set(tokensFrom((await response.json()) as TokenResponse, (this.opts.now ?? Date.now)()));
      return true;
    });
  }

  private expire() {
    if (this.opts.tokens.get()) {
      this.opts.tokens.set(null);
      this.opts.onSessionExpired?.();
    }
  }

  private async rawFetch(path: string, options: RequestOptions, token?: string): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...options.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (options.body instanceof FormData || options.body instanceof Blob) {
      body = options.body;
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const doFetch = this.opts.fetch ?? globalThis.fetch.bind(globalThis);
    try {
      return await doFetch(this.url(path, options.query), {
        method: options.method ?? 'GET',
        headers,
        body,
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, { title: 'Network error', detail: 'Could not reach StoreSync. Check your connection and try again.' });
    }
  }

  private async parse<T>(response: Response, options: RequestOptions): Promise<ApiResponse<T>> {
    if (!response.ok) {
      let problem: ProblemDetails = {};
      const type = response.headers.get('Content-Type') ?? '';
      if (type.includes('json')) {
        try {
          problem = (await response.json()) as ProblemDetails;
        } catch {
          /* not JSON after all */
        }
      }
      throw new ApiError(response.status, problem);
    }
    let data: unknown = undefined;
    if (options.responseType === 'blob') {
      data = await response.blob();
    } else if (response.status !== 204) {
      const text = await response.text();
      data = text ? JSON.parse(text) : undefined;
    }
    return { data: data as T, status: response.status, headers: response.headers };
  }
}
