export interface StoreSyncConfig {
  /** Origin of the API; "" means same origin. The client appends /api/v1. */
  apiBaseUrl?: string;
}

declare global {
  interface Window {
    STORESYNC_CONFIG?: StoreSyncConfig;
  }
}

export function apiRoot(): string {
  const base = (typeof window !== 'undefined' ? window.STORESYNC_CONFIG?.apiBaseUrl : '') ?? '';
  return `${base.replace(/\/+$/, '')}/api/v1`;
}
