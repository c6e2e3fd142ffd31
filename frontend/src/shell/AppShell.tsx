import { Suspense, useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate, Link } from 'react-router';
import { useAuth, useUser } from '../auth/AuthContext';
import { Logo } from '../auth/Logo';
import type { Capability } from '../auth/permissions';
import { useApprovals } from '../approvals/api';
import { cn } from '../lib/cn';
import { ROLE_LABEL } from '../lib/labels';
import { NotificationsMenu } from '../notifications/NotificationsMenu';
import { Icon, PageLoader, Popover, type IconName } from '../ui';

interface NavItem {
  to: string;
  label: string;
  icon: IconName;
  end?: boolean;
  capability?: Capability;
  badge?: 'approvals';
}

const NAV: { section?: string; items: NavItem[] }[] = [
  {
    items: [
      { to: '/', label: 'Dashboard', icon: 'home', end: true },
      { to: '/campaigns', label: 'Campaigns', icon: 'megaphone' },
      { to: '/calendar', label: 'Calendar', icon: 'calendar' },
      { to: '/rollouts', label: 'Rollouts', icon: 'list' },
      { to: '/approvals', label: 'Approvals', icon: 'check', capability: 'approvals.view', badge: 'approvals' },
    ],
  },
  {
    section: 'Library',
    items: [
      { to: '/templates', label: 'Templates', icon: 'document' },
      { to: '/locations', label: 'Locations', icon: 'store' },
      { to: '/brands', label: 'Brands', icon: 'tag' },
    ],
  },
  { section: 'Administration', items: [{ to: '/users', label: 'Users', icon: 'users', capability: 'users.manage' }] },
];

function ApprovalsBadge() {
  const { data } = useApprovals({ page: 1, pageSize: 1 });
  if (!data?.total) return null;
  return (
    <span className="ml-auto rounded-full bg-amber-400/90 px-2 py-0.5 text-xs font-semibold text-amber-950" aria-label={`${data.total} waiting`}>
      {data.total}
    </span>
  );
}

function Sidebar({ onNavigate }: { onNavigate?: () => void }) {
  const { can } = useAuth();
  return (
    <div className="flex h-full flex-col gap-y-5 overflow-y-auto bg-slate-900 px-4 pb-4">
      <Link to="/" className="flex h-16 shrink-0 items-center gap-2.5 px-2" onClick={onNavigate}>
        <Logo className="size-8" />
        <span className="text-base font-semibold tracking-tight text-white">StoreSync</span>
      </Link>
      <nav className="flex flex-1 flex-col" aria-label="Main">
        <ul className="flex flex-1 flex-col gap-y-6">
          {NAV.map((group, gi) => {
            const items = group.items.filter((i) => !i.capability || can(i.capability));
            if (items.length === 0) return null;
            return (
              <li key={gi}>
                {group.section && <div className="mb-2 px-2 text-xs font-semibold tracking-wider text-slate-500 uppercase">{group.section}</div>}
                <ul className="space-y-1">
                  {items.map((item) => (
                    <li key={item.to}>
                      <NavLink
                        to={item.to}
                        end={item.end}
                        onClick={onNavigate}
                        className={({ isActive }) =>
                          cn(
                            'group flex items-center gap-x-3 rounded-lg px-2 py-2 text-sm font-medium',
                            isActive ? 'bg-slate-800 text-white' : 'text-slate-400 hover:bg-slate-800/60 hover:text-white',
                          )
                        }
                      >
                        <Icon name={item.icon} className="size-5 shrink-0" />
                        {item.label}
                        {item.badge === 'approvals' && <ApprovalsBadge />}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ul>
      </nav>
    </div>
  );
}

function UserMenu() {
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const initials = (user.displayName || user.username)
    .split(/\s+/)
    .map((p) => p[0])
    .slice(0, 2)
    .join('')
    .toUpperCase();
  return (
    <Popover
      label="Account"
      panelClassName="w-60"
      trigger={(p) => (
        <button
          type="button"
          {...p}
          className="flex items-center gap-2 rounded-full p-1 pr-2 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600"
          aria-label={`Account menu for ${user.displayName || user.username}`}
        >
          <span className="flex size-8 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700" aria-hidden="true">
            {initials}
          </span>
          <span className="hidden text-left sm:block">
            <span className="block text-sm leading-tight font-medium text-slate-800" data-testid="current-user">
              {user.displayName || user.username}
            </span>
            <span className="block text-xs leading-tight text-slate-500">{ROLE_LABEL[user.role]}</span>
          </span>
        </button>
      )}
    >
      {(close) => (
        <div className="py-1">
          <div className="border-b border-slate-100 px-4 py-3">
            <p className="truncate text-sm font-medium text-slate-900">{user.displayName || user.username}</p>
            <p className="truncate text-xs text-slate-500">{user.email || user.username}</p>
          </div>
          <Link to="/profile" onClick={close} className="flex items-center gap-2 px-4 py-2 text-sm text-slate-700 hover:bg-slate-50">
            <Icon name="user" className="size-4 text-slate-400" /> Profile and password
          </Link>
          <button
            type="button"
            className="flex w-full items-center gap-2 px-4 py-2 text-left text-sm text-slate-700 hover:bg-slate-50"
            onClick={async () => {
              close();
              await logout();
              navigate('/login', { replace: true });
            }}
          >
            <Icon name="logout" className="size-4 text-slate-400" /> Sign out
          </button>
        </div>
      )}
    </Popover>
  );
}

export function AppShell() {
  const [mobileOpen, setMobileOpen] = useState(false);
  const location = useLocation();

  useEffect(() => setMobileOpen(false), [location.pathname]);
  useEffect(() => {
    if (!mobileOpen) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setMobileOpen(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [mobileOpen]);

  return (
    <div className="min-h-full">
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      {mobileOpen && (
        <div className="relative z-50 lg:hidden" role="dialog" aria-modal="true" aria-label="Navigation">
          <div className="animate-fade-in fixed inset-0 bg-slate-900/60" onClick={() => setMobileOpen(false)} aria-hidden="true" />
          <div className="fixed inset-y-0 left-0 flex w-72 max-w-[85vw]">
            <Sidebar onNavigate={() => setMobileOpen(false)} />
            <button
              type="button"
              className="absolute top-4 -right-11 rounded-full p-1.5 text-white"
              onClick={() => setMobileOpen(false)}
              aria-label="Close navigation"
            >
              <Icon name="x" className="size-6" />
            </button>
          </div>
        </div>
      )}
      <div className="hidden lg:fixed lg:inset-y-0 lg:z-40 lg:flex lg:w-64 lg:flex-col">
        <Sidebar />
      </div>
      <div className="lg:pl-64">
        <header className="sticky top-0 z-30 flex h-16 items-center gap-x-4 border-b border-slate-200 bg-white/90 px-4 backdrop-blur sm:px-6 lg:px-8">
          <button
            type="button"
            className="-m-2 rounded-md p-2 text-slate-600 hover:bg-slate-100 lg:hidden"
            onClick={() => setMobileOpen(true)}
            aria-label="Open navigation"
          >
            <Icon name="menu" className="size-6" />
          </button>
          <div className="flex-1" />
          <div className="flex items-center gap-x-2 sm:gap-x-4">
            <NotificationsMenu />
            <div className="hidden h-6 w-px bg-slate-200 sm:block" aria-hidden="true" />
            <UserMenu />
          </div>
        </header>
        <main id="main" className="px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
          <div className="mx-auto max-w-7xl">
            <Suspense fallback={<PageLoader />}>
              <Outlet />
            </Suspense>
          </div>
        </main>
      </div>
    </div>
  );
}
