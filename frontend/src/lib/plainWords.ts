import { formatDateTime } from './time';

/** The browser's own time zone (the person's), e.g. "America/Chicago". */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

// Automatic history entries: "Lifecycle orchestration (due …)" now, "Lifecycle sweep (due …)" in rows written before it.
const SWEEP = /Lifecycle (?:sweep|orchestration) \(due (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z)\)/g;
const SPACED_UTC = /\b(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})(?::\d{2})? UTC\b/g;
const ISO_UTC = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;
const DEV_PHRASES: [RegExp, string][] = [
  [/\s*\(PATCH isActive: ?false\)/gi, ': mark it inactive'],
  [/PATCH isActive: ?false/gi, 'mark it inactive'],
  [/set isActive to false/gi, 'archive it (mark it inactive)'],
  [/PATCH isActive: ?true/gi, 'mark it active'],
  [/\bisActive\b/g, 'active'],
  [/\bIf-Match\b/g, 'the version you saw'],
];

/**
 * Text written by the server for people (notifications, automatic history entries, problem details) in plain
 * words: a time in UTC becomes the same instant in `timeZone` (the store's when it is about a store's schedule,
 * otherwise the browser's) with the zone's abbreviation, and API jargon becomes what a person would do.
 */
export function plainWords(text: string | null | undefined, timeZone: string = browserTimeZone()): string {
  if (!text) return '';
  const at = (iso: string) => formatDateTime(iso, timeZone);
  let out = text.replace(SWEEP, (_, iso: string) => `Done automatically when due (${at(iso)})`);
  out = out.replace(SPACED_UTC, (_, d: string, t: string) => at(`${d}T${t}:00Z`));
  out = out.replace(ISO_UTC, (iso) => at(iso));
  for (const [re, to] of DEV_PHRASES) out = out.replace(re, to);
  return out;
}
