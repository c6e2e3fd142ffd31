import type { ReactElement, ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { vi } from 'vitest';
import type { CurrentUser, Role } from '../api/types';
import { AuthContext, type AuthState } from '../auth/AuthContext';
import { can } from '../auth/permissions';
import { ToastProvider } from '../ui';

export const BRAND_ID = '11111111-1111-4111-8111-111111111111';

export function makeUser(role: Role, overrides: Partial<CurrentUser> = {}): CurrentUser {
  return {
    id: `user-${role}`,
    username: role,
    email: `${role}@example.test`,
    displayName: `Test ${role}`,
    role,
    brandIds: role === 'admin' ? [] : [BRAND_ID],
    locationIds: [],
    isActive: true,
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    ...overrides,
  };
}

export function fakeAuth(user: CurrentUser | null): AuthState {
  return {
    status: user ? 'authenticated' : 'anonymous',
    user,
    expired: false,
    login: vi.fn(),
    logout: vi.fn(async () => undefined),
    reloadUser: vi.fn(async () => undefined),
    setUser: vi.fn(),
    can: (c) => can(user, c),
  };
}

export function renderWithProviders(
  ui: ReactElement,
  { user = makeUser('admin'), route = '/', path = '*', auth }: { user?: CurrentUser | null; route?: string; path?: string; auth?: AuthState } = {},
) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } } });
  const authValue = auth ?? fakeAuth(user);
  const Wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <AuthContext.Provider value={authValue}>
          <MemoryRouter initialEntries={[route]}>
            <Routes>
              <Route path={path} element={children} />
              <Route path="*" element={<div data-testid="elsewhere" />} />
            </Routes>
          </MemoryRouter>
        </AuthContext.Provider>
      </ToastProvider>
    </QueryClientProvider>
  );
  return { ...render(ui, { wrapper: Wrapper }), queryClient, auth: authValue };
}

type Handler = (req: { method: string; path: string; url: URL; body: unknown; headers: Headers }) => unknown;

export function json(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });
}

/**
 * Replace fetch with a router over "METHOD /path" (path after /api/v1; `*` matches one segment).
 * A handler returns a Response, or a value sent as 200 JSON. Unmatched requests answer 404.
 */
export function mockApi(routes: Record<string, Handler>) {
  const calls: { method: string; path: string; url: URL; body: unknown; headers: Headers }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const headers = new Headers(init?.headers);
    let body: unknown = init?.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        /* keep text */
      }
    }
    calls.push({ method, path, url, body, headers });
    for (const [key, handler] of Object.entries(routes)) {
      const [m, pattern] = key.split(' ');
      const re = new RegExp(`^${pattern.replace(/\*/g, '[^/]+')}$`);
      if (m === method && re.test(path)) {
        const out = await handler({ method, path, url, body, headers });
        return out instanceof Response ? out : json(200, out);
      }
    }
    return json(404, { title: 'Not found', status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, calls };
}
