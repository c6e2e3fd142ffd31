import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { NotFoundState, PageLoader } from '../ui';
import { useAuth } from './AuthContext';
import type { Capability } from './permissions';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <PageLoader label="Signing in" />;
  if (status === 'anonymous') {
    const from = location.pathname + location.search;
    return <Navigate to={from && from !== '/' ? `/login?next=${encodeURIComponent(from)}` : '/login'} replace />;
  }
  return <>{children}</>;
}

/** Pages a role may not use are not offered in navigation; typed URLs land here as "not found". */
export function RequireCapability({ capability, children }: { capability: Capability; children: ReactNode }) {
  const { can } = useAuth();
  return can(capability) ? <>{children}</> : <NotFoundState />;
}
