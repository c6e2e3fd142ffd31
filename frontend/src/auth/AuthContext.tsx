import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, onSessionExpired } from '../api';
import { tokensFrom } from '../api/tokens';
import type { CurrentUser, TokenResponse } from '../api/types';
import { can, type Capability } from './permissions';

type Status = 'loading' | 'anonymous' | 'authenticated';

export interface AuthState {
  status: Status;
  user: CurrentUser | null;
  /** Set when the session ended on its own (refresh token expired), for the login page to explain. */
  expired: boolean;
  login(username: string, password: string): Promise<CurrentUser>;
  logout(): Promise<void>;
  reloadUser(): Promise<void>;
  setUser(user: CurrentUser): void;
  can(capability: Capability): boolean;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth needs <AuthProvider>');
  return ctx;
}

/** The signed-in user (only inside routes guarded by RequireAuth). */
export function useUser(): CurrentUser {
  const { user } = useAuth();
  if (!user) throw new Error('No signed-in user');
  return user;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [status, setStatus] = useState<Status>(() => (api.tokens.get() ? 'loading' : 'anonymous'));
  const [expired, setExpired] = useState(false);

  const reloadUser = useCallback(async () => {
    const me = await api.get<CurrentUser>('/auth/me');
    setUser(me);
    setStatus('authenticated');
  }, []);

  useEffect(() => {
    if (status !== 'loading') return;
    reloadUser().catch(() => {
      api.tokens.set(null);
      setUser(null);
      setStatus('anonymous');
    });
  }, [status, reloadUser]);

  useEffect(
    () =>
      onSessionExpired(() => {
        setUser(null);
        setStatus('anonymous');
        setExpired(true);
        queryClient.clear();
      }),
    [queryClient],
  );

  // Signing out in another tab ends this tab's session too.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === 'storesync.session' && !e.newValue) {
        setUser(null);
        setStatus('anonymous');
        queryClient.clear();
      }
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [queryClient]);

  const login = useCallback(
    async (username: string, password: string) => {
      const tokens = await api.post<TokenResponse>('/auth/token', { username, password }, { anonymous: true });
      api.tokens.set(tokensFrom(tokens));
      queryClient.clear();
      const me = await api.get<CurrentUser>('/auth/me');
      setUser(me);
      setExpired(false);
      setStatus('authenticated');
      return me;
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    const refreshToken = api.tokens.get()?.refreshToken;
    if (refreshToken) {
      // Best effort: the local session ends whether or not the server hears about it.
      await api.post('/auth/logout', { refreshToken }).catch(() => undefined);
    }
    api.tokens.set(null);
    setUser(null);
    setExpired(false);
    setStatus('anonymous');
    queryClient.clear();
  }, [queryClient]);

  const value = useMemo<AuthState>(
    () => ({ status, user, expired, login, logout, reloadUser, setUser, can: (c) => can(user, c) }),
    [status, user, expired, login, logout, reloadUser],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
