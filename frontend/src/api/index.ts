import { apiRoot } from '../config';
import { ApiClient } from './client';
import { createLocalTokenStore } from './tokens';

type Listener = () => void;
const expiredListeners = new Set<Listener>();

/** The app's single API client. */
export const api = new ApiClient({
  baseUrl: apiRoot,
  tokens: createLocalTokenStore(),
  onSessionExpired: () => expiredListeners.forEach((l) => l()),
});

export function onSessionExpired(listener: Listener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

/** Save a download served by the API (needs the bearer token, so no plain link). */
export async function downloadFile(path: string, fallbackName: string) {
  const res = await api.send<Blob>(path, { responseType: 'blob', headers: { Accept: '*/*' } });
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(res.data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export { ApiError, errorMessage } from './problem';
export type { Query } from './client';
