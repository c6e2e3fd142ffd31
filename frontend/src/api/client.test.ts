import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from './client';
import { ApiError } from './problem';
import { createMemoryTokenStore } from './tokens';

function respond(status: number, body?: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

function setup(handler: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const tokens = createMemoryTokenStore({ accessToken: 'old-access', refreshToken: 'refresh-1' });
  const onSessionExpired = vi.fn();
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => handler(String(input), init));
  const client = new ApiClient({ baseUrl: () => '/api/v1', tokens, fetch: fetchMock as unknown as typeof fetch, onSessionExpired });
  const authOf = (i: number) => new Headers(fetchMock.mock.calls[i][1]?.headers).get('Authorization');
  return { client, tokens, fetchMock, onSessionExpired, authOf };
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected the request to fail');
}

const refreshed = { accessToken: 'new-access', refreshToken: 'refresh-2', tokenType: 'Bearer', expiresIn: 900 };

describe('ApiClient refresh on 401', () => {
  it('sends the bearer token', async () => {
    const { client, authOf } = setup(() => respond(200, { ok: true }));
    await expect(client.get('/brands')).resolves.toEqual({ ok: true });
    expect(authOf(0)).toBe('Bearer old-access');
  });

  it('refreshes once and retries the request with the new token', async () => {
    const { client, tokens, fetchMock, authOf } = setup((url, init) => {
      if (url.endsWith('/auth/refresh')) return respond(200, refreshed);
      const auth = new Headers(init.headers).get('Authorization');
      return auth === 'Bearer new-access' ? respond(200, { items: [] }) : respond(401, { title: 'Unauthorized' });
    });
    await expect(client.get('/campaigns')).resolves.toEqual({ items: [] });
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(fetchMock.mock.calls[1][0]).toBe('/api/v1/auth/refresh');
    expect(JSON.parse(String(fetchMock.mock.calls[1][1]?.body))).toEqual({ refreshToken: 'refresh-1' });
    expect(authOf(1)).toBeNull(); // the refresh call carries no bearer token
    expect(authOf(2)).toBe('Bearer new-access');
    expect(tokens.get()).toMatchObject({ accessToken: 'new-access', refreshToken: 'refresh-2' });
    expect(tokens.get()?.refreshAt).toBeGreaterThan(Date.now());
  });

  it('shares one refresh between requests that fail at the same time', async () => {
    let refreshCalls = 0;
    const { client } = setup(async (url, init) => {
      if (url.endsWith('/auth/refresh')) {
        refreshCalls++;
        await new Promise((r) => setTimeout(r, 10));
        return respond(200, refreshed);
      }
      return new Headers(init.headers).get('Authorization') === 'Bearer new-access' ? respond(200, { url }) : respond(401);
    });
    const results = await Promise.all([client.get('/a'), client.get('/b'), client.get('/c')]);
    expect(results).toEqual([{ url: '/api/v1/a' }, { url: '/api/v1/b' }, { url: '/api/v1/c' }]);
    expect(refreshCalls).toBe(1);
  });

  it('retries only once: a second 401 ends the session without another refresh', async () => {
    let refreshCalls = 0;
    const { client, tokens, onSessionExpired, fetchMock } = setup((url) => {
      if (url.endsWith('/auth/refresh')) {
        refreshCalls++;
        return respond(200, refreshed);
      }
      return respond(401, { title: 'Unauthorized', detail: 'nope' });
    });
    const error = await failure(client.get('/campaigns'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(401);
    expect(refreshCalls).toBe(1);
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(tokens.get()).toBeNull();
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('ends the session when the refresh token is rejected', async () => {
    const { client, tokens, onSessionExpired, fetchMock } = setup((url) =>
      url.endsWith('/auth/refresh') ? respond(401, { title: 'Unauthorized', detail: 'The refresh token has expired.' }) : respond(401),
    );
    const error = await failure(client.get('/stats'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(401);
    expect(fetchMock).toHaveBeenCalledTimes(2); // original + refresh, no retry
    expect(tokens.get()).toBeNull();
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('does not refresh for anonymous calls such as sign-in', async () => {
    const { client, fetchMock, onSessionExpired } = setup(() => respond(401, { title: 'Unauthorized', detail: 'Invalid username or password.' }));
    const error = await failure(client.post('/auth/token', { username: 'x', password: 'y' }, { anonymous: true }));
    expect(error.status).toBe(401);
    expect(error.detail).toBe('Invalid username or password.');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it('does not treat 403 as an expired session', async () => {
    const { client, fetchMock, tokens } = setup(() => respond(403, { title: 'Forbidden', detail: 'Only admins manage users.' }));
    const error = await failure(client.get('/users'));
    expect(error.status).toBe(403);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(tokens.get()).not.toBeNull();
  });

  it('uses the token another request already refreshed instead of refreshing again', async () => {
    let refreshCalls = 0;
    const { client, tokens } = setup((url, init) => {
      if (url.endsWith('/auth/refresh')) {
        refreshCalls++;
        return respond(200, refreshed);
      }
      const auth = new Headers(init.headers).get('Authorization');
      if (auth === 'Bearer old-access') {
        // Simulate a concurrent refresh finishing while this request was in flight.
        tokens.set({ accessToken: 'new-access', refreshToken: 'refresh-2' });
        return respond(401);
      }
      return respond(200, { ok: 1 });
    });
    await expect(client.get('/x')).resolves.toEqual({ ok: 1 });
    expect(refreshCalls).toBe(0);
  });
});

describe('ApiClient across tabs', () => {
  it('uses tokens another tab refreshed while waiting for the refresh lock', async () => {
    const tokens = createMemoryTokenStore({ accessToken: 'old-access', refreshToken: 'refresh-1' });
    const fetchMock = vi.fn(async (_input: RequestInfo | URL, init: RequestInit = {}) =>
      new Headers(init.headers).get('Authorization') === 'Bearer tab-b-access' ? respond(200, { ok: true }) : respond(401),
    );
    const otherTab = async <T,>(fn: () => Promise<T>) => {
      tokens.set({ accessToken: 'tab-b-access', refreshToken: 'tab-b-refresh' });
      return fn();
    };
    const client = new ApiClient({ baseUrl: () => '/api/v1', tokens, fetch: fetchMock as unknown as typeof fetch, lock: otherTab });
    await expect(client.get('/stats')).resolves.toEqual({ ok: true });
    expect(fetchMock.mock.calls.map((c) => String(c[0]))).toEqual(['/api/v1/stats', '/api/v1/stats']);
  });

  it('reads tokens from storage on every use', async () => {
    const { createLocalTokenStore } = await import('./tokens');
    const store = createLocalTokenStore(localStorage);
    store.set({ accessToken: 'a', refreshToken: 'r' });
    localStorage.setItem('storesync.session', JSON.stringify({ accessToken: 'from-other-tab', refreshToken: 'r2' }));
    expect(store.get()?.accessToken).toBe('from-other-tab');
    store.set(null);
    expect(localStorage.getItem('storesync.session')).toBeNull();
  });
});

describe('ApiClient proactive refresh', () => {
  it('refreshes before a request when the access token is about to expire', async () => {
    const tokens = createMemoryTokenStore({ accessToken: 'old-access', refreshToken: 'refresh-1', refreshAt: 999_990_000 });
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) =>
      String(input).endsWith('/auth/refresh') ? respond(200, refreshed) : respond(200, { auth: new Headers(init.headers).get('Authorization') }),
    );
    const client = new ApiClient({ baseUrl: () => '/api/v1', tokens, fetch: fetchMock as unknown as typeof fetch, now: () => 1_000_000_000 });
    await expect(client.get('/stats')).resolves.toEqual({ auth: 'Bearer new-access' });
    expect(fetchMock.mock.calls.map((c) => c[0])).toEqual(['/api/v1/auth/refresh', '/api/v1/stats']);
    expect(tokens.get()?.refreshAt).toBe(1_000_000_000 + 900_000 - 30_000);
  });

  it('does not refresh while the token is comfortably valid', async () => {
    const tokens = createMemoryTokenStore({ accessToken: 'old-access', refreshToken: 'refresh-1', refreshAt: 1_000_600_000 });
    const fetchMock = vi.fn(async () => respond(200, {}));
    const client = new ApiClient({ baseUrl: () => '/api/v1', tokens, fetch: fetchMock as unknown as typeof fetch, now: () => 1_000_000_000 });
    await client.get('/stats');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});

describe('ApiClient responses', () => {
  it('exposes validation problem field errors in camelCase paths', async () => {
    const { client } = setup(() =>
      respond(400, {
        title: 'Validation failed',
        status: 400,
        detail: 'One or more fields are invalid.',
        errors: { Name: ['name is required.'], 'address.City': ['city is too long.'], storeNumber: ['taken', 'second'] },
      }),
    );
    const error = await failure(client.post('/brands/b/locations', {}));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.hasFieldErrors).toBe(true);
    expect(error.fieldError('name')).toBe('name is required.');
    expect(error.fieldError('address.city')).toBe('city is too long.');
    expect(error.fieldErrors.storeNumber).toEqual(['taken', 'second']);
    expect(error.fieldError('timeZone')).toBeUndefined();
  });

  it('returns undefined for 204 and builds query strings without empty values', async () => {
    const { client, fetchMock } = setup(() => new Response(null, { status: 204 }));
    await expect(client.request('/notifications/read-all', { method: 'POST', query: { a: 1, b: '', c: undefined, d: ['x', 'y'] } })).resolves.toBeUndefined();
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/notifications/read-all?a=1&d=x&d=y');
  });

  it('turns a network failure into an ApiError with status 0', async () => {
    const { client } = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await failure(client.get('/stats'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
  });

  it('sends FormData untouched (multipart) and JSON with a content type', async () => {
    const { client, fetchMock } = setup(() => respond(202, { id: 'job' }));
    const form = new FormData();
    form.append('file', new Blob(['a,b']), 'x.csv');
    await client.post('/brands/b/locations/import', form);
    await client.post('/campaigns', { name: 'x' });
    const first = fetchMock.mock.calls[0][1]!;
    const second = fetchMock.mock.calls[1][1]!;
    expect(first.body).toBe(form);
    expect(new Headers(first.headers).get('Content-Type')).toBeNull();
    expect(new Headers(second.headers).get('Content-Type')).toBe('application/json');
  });
});
