import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { components } from '../api/schema';

export type Device = components['schemas']['DeviceResponse'];
export type CreatedDevice = components['schemas']['CreatedDeviceResponse'];

const base = (brandId: string, locationId: string) => `/brands/${brandId}/locations/${locationId}/devices`;

export const devicesApi = {
  list: (brandId: string, locationId: string) => api.get<{ items: Device[] }>(base(brandId, locationId)),
  create: (brandId: string, locationId: string, name: string) => api.post<CreatedDevice>(base(brandId, locationId), { name }),
  revoke: (brandId: string, locationId: string, deviceId: string) => api.delete(`${base(brandId, locationId)}/${deviceId}`),
};

export const devicesKey = (brandId?: string, locationId?: string) => ['devices', brandId, locationId] as const;

export function useDevices(brandId: string | undefined, locationId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: devicesKey(brandId, locationId),
    queryFn: () => devicesApi.list(brandId!, locationId!),
    enabled: enabled && !!brandId && !!locationId,
  });
}
