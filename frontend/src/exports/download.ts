import { downloadFile, type Query } from '../api';
import { buildQuery } from '../api/client';

/** Downloads an export the API streams (CSV, XLSX, PDF), with the caller's filters as the query. */
export function downloadExport(path: string, query: Query, fallbackName: string) {
  return downloadFile(`${path}${buildQuery(query)}`, fallbackName);
}
