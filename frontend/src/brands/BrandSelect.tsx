import { useEffect } from 'react';
import { Select } from '../ui';
import { useBrands } from './api';

/**
 * Brand picker. Hidden when the user sees only one brand (then that brand is chosen automatically,
 * unless "all brands" is allowed, which for one brand means the same thing).
 */
export function BrandSelect({
  value,
  onChange,
  allowAll,
  allLabel = 'All brands',
  className,
  id,
  label = 'Brand',
}: {
  value: string;
  onChange: (brandId: string) => void;
  allowAll?: boolean;
  allLabel?: string;
  className?: string;
  id?: string;
  label?: string;
}) {
  const { data } = useBrands();
  const brands = data?.items ?? [];

  useEffect(() => {
    if (!allowAll && !value && brands.length > 0) onChange(brands[0].id);
  }, [allowAll, value, brands, onChange]);

  if (brands.length <= 1) return null;
  return (
    <Select id={id} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className={className}>
      {allowAll && <option value="">{allLabel}</option>}
      {brands.map((b) => (
        <option key={b.id} value={b.id}>
          {b.name}
        </option>
      ))}
    </Select>
  );
}
