import type { CurrentUser, Role } from '../api/types';

/** What each role may do; the UI never offers an action outside this table (the API enforces it too). */
export type Capability =
  | 'campaigns.create'
  | 'campaigns.review'
  | 'campaigns.schedule'
  | 'templates.manage'
  | 'locations.manage'
  | 'brands.create'
  | 'brands.edit'
  | 'users.manage'
  | 'approvals.view'
  | 'audit.view';

const matrix: Record<Role, Capability[]> = {
  admin: [
    'campaigns.create',
    'campaigns.review',
    'campaigns.schedule',
    'templates.manage',
    'locations.manage',
    'brands.create',
    'brands.edit',
    'users.manage',
    'approvals.view',
    'audit.view',
  ],
  brandManager: ['campaigns.create', 'campaigns.review', 'campaigns.schedule', 'templates.manage', 'locations.manage', 'brands.edit', 'approvals.view', 'audit.view'],
  locationManager: ['campaigns.create'],
  viewer: [],
};

export function can(user: Pick<CurrentUser, 'role'> | null | undefined, capability: Capability): boolean {
  return !!user && (matrix[user.role] ?? []).includes(capability);
}
