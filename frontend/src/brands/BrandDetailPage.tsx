import { useState } from 'react';
import { Route, Routes, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/problem';
import { useAuth } from '../auth/AuthContext';
import { LocationsTable } from '../locations/LocationsTable';
import { useDocumentTitle } from '../lib/hooks';
import { Button, Card, ConfirmDialog, DescriptionList, ErrorState, NotFoundState, PageHeader, PageLoader, Tabs, useToast } from '../ui';
import { brandsApi, useBrand } from './api';
import { BrandForm } from './BrandDialog';

export default function BrandDetailPage() {
  const { brandId } = useParams();
  const { can } = useAuth();
  const { data: brand, isLoading, error, refetch } = useBrand(brandId);
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  useDocumentTitle(brand?.name ?? 'Brand');

  if (isLoading) return <PageLoader />;
  if (error || !brand) return <ErrorState error={error} onRetry={() => refetch()} what="brand" />;

  const remove = async () => {
    setDeleting(true);
    try {
      await brandsApi.remove(brand.id);
      queryClient.invalidateQueries({ queryKey: ['brands'] });
      toast.success('Brand deleted');
      navigate('/brands', { replace: true });
    } catch (e) {
      toast.error('Could not delete the brand', errorMessage(e));
      setDeleting(false);
      setConfirmDelete(false);
    }
  };

  return (
    <div>
      <PageHeader breadcrumbs={[{ label: 'Brands', to: '/brands' }, { label: brand.name }]} title={brand.name} meta={<span className="font-mono">{brand.slug}</span>} />
      <div className="mb-6">
        <Tabs
          items={[
            { to: `/brands/${brand.id}`, label: 'Locations', end: true },
            { to: `/brands/${brand.id}/settings`, label: 'Voice and settings' },
          ]}
        />
      </div>
      <Routes>
        <Route index element={<LocationsTable brandId={brand.id} brandName={brand.name} />} />
        <Route
          path="settings"
          element={
            <div className="grid gap-6 lg:grid-cols-3">
              <Card title="Brand settings" className="lg:col-span-2">
                {can('brands.edit') ? (
                  <BrandForm key={brand.updatedAt} brand={brand} onSaved={() => refetch()} />
                ) : (
                  <DescriptionList
                    items={[
                      { term: 'Voice', value: brand.settings?.voice || '—' },
                      { term: 'Guidelines', value: <span className="whitespace-pre-wrap">{brand.settings?.guidelines || '—'}</span> },
                      { term: 'Approval reminder', value: brand.settings?.approvalReminderHours ? `${brand.settings.approvalReminderHours} h` : '—' },
                    ]}
                  />
                )}
              </Card>
              {can('brands.create') && (
                <Card title="Danger zone">
                  <p className="text-sm text-slate-500">Deleting a brand removes it for everyone. Brands with stores or campaigns may be refused by the server.</p>
                  <Button variant="danger" className="mt-4" onClick={() => setConfirmDelete(true)}>
                    Delete brand
                  </Button>
                </Card>
              )}
            </div>
          }
        />
        <Route path="*" element={<NotFoundState />} />
      </Routes>
      <ConfirmDialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        onConfirm={remove}
        loading={deleting}
        variant="danger"
        title={`Delete ${brand.name}?`}
        description="This cannot be undone."
        confirmLabel="Delete brand"
      />
    </div>
  );
}
