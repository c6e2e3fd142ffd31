import type { Role } from '../api/types';

/** Which dashboard a role gets: each shows only what that role can act on. */
export type DashboardKind = 'system' | 'review' | 'author' | 'summary';

const KIND: Record<Role, DashboardKind> = {
  admin: 'system',
  brandManager: 'review',
  locationManager: 'author',
  viewer: 'summary',
};

export function dashboardKind(role: Role): DashboardKind {
  return KIND[role] ?? 'summary';
}
