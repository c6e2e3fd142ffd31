import { useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/problem';
import type { User } from '../api/types';
import { useUser } from '../auth/AuthContext';
import { useBrandName } from '../brands/api';
import { useDocumentTitle, useSearchBox, useUrlFilters } from '../lib/hooks';
import { ROLE_LABEL } from '../lib/labels';
import { formatDate } from '../lib/time';
import { Badge, Button, Card, ConfirmDialog, EmptyState, ErrorState, Icon, Input, PageHeader, Pagination, Select, Table, useToast, type Column } from '../ui';
import { usersApi, useUsers } from './api';
import { UserDialog } from './UserDialog';

const roleTone = { admin: 'danger', brandManager: 'brand', locationManager: 'info', viewer: 'neutral' } as const;

export default function UsersPage() {
  useDocumentTitle('Users');
  const me = useUser();
  const toast = useToast();
  const queryClient = useQueryClient();
  const brandName = useBrandName();
  const { values, set } = useUrlFilters({ q: '', role: '', page: '1', sort: 'username' });
  const [search, setSearch] = useSearchBox(values.q, (q) => set({ q }));
  const page = Math.max(1, Number(values.page) || 1);
  const pageSize = 20;
  const { data, isLoading, isError, error, refetch } = useUsers({ page, pageSize, q: values.q || undefined, role: values.role || undefined, sort: values.sort });
  const [editing, setEditing] = useState<User | null>(null);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<User | null>(null);
  const [busy, setBusy] = useState(false);

  const columns = useMemo<Column<User>[]>(
    () => [
      {
        key: 'username',
        header: 'User',
        sortKey: 'username',
        cell: (u) => (
          <div className="min-w-[12rem]">
            <p className="font-medium text-slate-900">{u.displayName || u.username}</p>
            <p className="text-xs text-slate-500">
              {u.username} · {u.email}
            </p>
          </div>
        ),
      },
      { key: 'role', header: 'Role', cell: (u) => <Badge tone={roleTone[u.role]}>{ROLE_LABEL[u.role]}</Badge> },
      {
        key: 'brands',
        header: 'Brands',
        cell: (u) =>
          u.role === 'admin' ? (
            <span className="text-slate-500">All brands</span>
          ) : (
            <span className="text-slate-700">
              {u.brandIds.map(brandName).filter(Boolean).join(', ') || '—'}
              {u.locationIds.length > 0 && <span className="block text-xs text-slate-500">{u.locationIds.length} location{u.locationIds.length === 1 ? '' : 's'}</span>}
            </span>
          ),
      },
      { key: 'active', header: 'Status', cell: (u) => (u.isActive ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>) },
      { key: 'createdAt', header: 'Created', sortKey: 'createdAt', cell: (u) => <span className="whitespace-nowrap text-slate-500">{formatDate(u.createdAt)}</span> },
      {
        key: 'actions',
        header: <span className="sr-only">Actions</span>,
        className: 'text-right whitespace-nowrap',
        cell: (u) => (
          <>
            <Button size="sm" variant="ghost" onClick={() => setEditing(u)} aria-label={`Edit ${u.username}`}>
              Edit
            </Button>
            {u.id !== me.id && (
              <Button size="sm" variant="ghost" onClick={() => setDeleting(u)} aria-label={`Delete ${u.username}`} className="text-rose-600 hover:bg-rose-50 hover:text-rose-700">
                Delete
              </Button>
            )}
          </>
        ),
      },
    ],
    [brandName, me.id],
  );

  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    try {
      await usersApi.remove(deleting.id);
      queryClient.invalidateQueries({ queryKey: ['users'] });
      toast.success('User deleted', deleting.username);
      setDeleting(null);
    } catch (e) {
      toast.error('Could not delete the user', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <PageHeader
        title="Users"
        description="Who can sign in, their role, and which brands and stores they work with."
        actions={
          <Button onClick={() => setCreating(true)} icon={<Icon name="plus" className="size-4" />}>
            Invite user
          </Button>
        }
      />
      <Card bodyClassName="p-0">
        <div className="flex flex-col gap-3 border-b border-slate-100 p-4 sm:flex-row">
          <div className="relative sm:w-72">
            <Icon name="search" className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" />
            <Input type="search" aria-label="Search users" placeholder="Name, username or email" className="pl-9" value={search} onChange={(e) => setSearch(e.target.value)} />
          </div>
          <Select aria-label="Role" value={values.role} onChange={(e) => set({ role: e.target.value })} className="sm:w-48">
            <option value="">All roles</option>
            {Object.entries(ROLE_LABEL).map(([r, l]) => (
              <option key={r} value={r}>
                {l}
              </option>
            ))}
          </Select>
        </div>
        {isError ? (
          <ErrorState error={error} onRetry={() => refetch()} />
        ) : (
          <Table
            caption="Users"
            columns={columns}
            rows={data?.items}
            getRowId={(u) => u.id}
            loading={isLoading}
            sort={values.sort}
            onSortChange={(sort) => set({ sort })}
            empty={<EmptyState title="No users found" />}
          />
        )}
        {data && data.total > 0 && <Pagination page={page} pageSize={pageSize} total={data.total} onPageChange={(p) => set({ page: String(p) })} className="rounded-b-xl" />}
      </Card>
      <UserDialog open={creating} onClose={() => setCreating(false)} />
      <UserDialog open={!!editing} onClose={() => setEditing(null)} user={editing ?? undefined} />
      <ConfirmDialog
        open={!!deleting}
        onClose={() => setDeleting(null)}
        onConfirm={remove}
        loading={busy}
        variant="danger"
        title={`Delete ${deleting?.username}?`}
        description="They can no longer sign in. Their campaigns and history stay."
        confirmLabel="Delete user"
      />
    </div>
  );
}
