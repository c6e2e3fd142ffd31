import { useEffect } from 'react';
import { BrandSelect } from '../brands/BrandSelect';
import { useBrands } from '../brands/api';
import { useUrlFilters } from '../lib/hooks';
import { ExportButtons } from '../exports/ExportButtons';
import { Card, EmptyState, ErrorState, PageHeader, PageLoader } from '../ui';
import { LocationsTable } from './LocationsTable';

export default function LocationsPage() {
  const { data, isLoading, error, refetch } = useBrands();
  const { values, set } = useUrlFilters({ brandId: '' });
  const brands = data?.items ?? [];
  const brandId = values.brandId || brands[0]?.id || '';
  const brand = brands.find((b) => b.id === brandId);

  useEffect(() => {
    if (!values.brandId && brands.length > 1) set({ brandId: brands[0].id });
  }, [values.brandId, brands, set]);

  return (
    <div>
      <PageHeader
        title="Locations"
        description={brand ? `Stores of ${brand.name}.` : 'Your stores.'}
        actions={
          <>
            {brandId && <ExportButtons path={`/brands/${brandId}/locations/export`} query={{}} name={`${brand?.slug ?? 'locations'}-locations`} />}
            {brands.length > 1 && <BrandSelect value={brandId} onChange={(v) => set({ brandId: v })} className="w-52" />}
          </>
        }
      />
      {isLoading ? (
        <PageLoader />
      ) : error ? (
        <Card>
          <ErrorState error={error} onRetry={() => refetch()} />
        </Card>
      ) : !brandId ? (
        <Card>
          <EmptyState title="No brands" description="You are not a member of any brand yet." />
        </Card>
      ) : (
        <LocationsTable key={brandId} brandId={brandId} brandName={brand?.name} />
      )}
    </div>
  );
}
