import type { TemplateVariable, VariableType } from '../api/types';

const TOKEN = /\{\{\{?\s*([^{}]+?)\s*\}?\}\}/g;
const KEYWORDS = new Set(['else', 'this']);

/** Variable names referenced in template content: `{{discount}}`, `{{ location.city }}`, `{{#if x}}` → x. */
export function usedVariables(content: string): string[] {
  const names = new Set<string>();
  for (const match of content.matchAll(TOKEN)) {
    let expr = match[1].trim();
    if (expr.startsWith('/') || expr.startsWith('!')) continue;
    if (expr.startsWith('#') || expr.startsWith('^')) {
      const parts = expr.slice(1).trim().split(/\s+/);
      expr = parts[1] ?? '';
    } else {
      expr = expr.split(/\s+/)[0];
    }
    if (expr.startsWith('@')) continue;
    const name = expr.replace(/^(\.\.\/)+/, '');
    if (name && !KEYWORDS.has(name) && /^[A-Za-z_][\w.-]*$/.test(name)) names.add(name);
  }
  return [...names];
}

/** Filled in by the server from the location and brand; templates use them without declaring them. */
export const BUILT_INS = ['brandName', 'locationName', 'storeNumber', 'city', 'state', 'fullAddress', 'timeZone'];

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function labelFromName(name: string): string {
  const spaced = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function validateVariables(vars: TemplateVariable[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  vars.forEach((v, i) => {
    if (!v.name.trim()) errors[`variables[${i}].name`] = 'Name is required';
    else if (!VARIABLE_NAME.test(v.name)) errors[`variables[${i}].name`] = 'Letters, digits and _ only; must not start with a digit';
    else if (seen.has(v.name)) errors[`variables[${i}].name`] = 'Duplicate name';
    seen.add(v.name);
    if (v.type === 'percent' && v.default !== null && v.default !== '' && (Number.isNaN(Number(v.default)) || Number(v.default) < 0 || Number(v.default) > 100))
      errors[`variables[${i}].default`] = 'A percentage between 0 and 100';
    if (v.type === 'number' && v.default !== null && v.default !== '' && Number.isNaN(Number(v.default))) errors[`variables[${i}].default`] = 'A number';
    if (v.type === 'date' && v.default !== null && v.default !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(String(v.default)))
      errors[`variables[${i}].default`] = 'A date as YYYY-MM-DD';
    if (BUILT_INS.includes(v.name)) errors[`variables[${i}].name`] = 'This name is filled in from the store; choose another';
  });
  return errors;
}

/** Whether a declared default is valid for its type, by the same rules the API applies to values. */
export function validDefault(v: TemplateVariable): boolean {
  if (v.default === null || v.default === undefined || v.default === '') return true;
  const raw = String(v.default).trim();
  switch (v.type) {
    case 'number':
      return raw !== '' && !Number.isNaN(Number(raw));
    case 'percent':
      return raw !== '' && !Number.isNaN(Number(raw)) && Number(raw) >= 0 && Number(raw) <= 100;
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(raw);
    case 'url':
      return /^https?:\/\/\S+$/i.test(raw);
    default:
      return true;
  }
}

/**
 * Declarations for a preview request. The API ignores a default it cannot read when it renders a campaign, but
 * rejects the whole preview for it; sending such defaults as empty previews exactly what a campaign would show.
 */
export function previewDeclarations(vars: TemplateVariable[]): TemplateVariable[] {
  return vars.map((v) => (validDefault(v) ? v : { ...v, default: null }));
}

/** The words of a variable name: `offerEndDate` → offer, end, date; `max_qty` → max, qty. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TEXT_WORDS = /^(code|name|title|text|message|headline|label|description|tagline|note|slogan|copy|cta)$/;
const PERCENT_WORDS = /^(discount|percent|percentage|pct|off|rate)$/;
const DATE_WORDS = /^(date|day|start|starts|end|ends|until|expires|expiry|expiration|deadline|through|valid)$/;
const URL_WORDS = /^(url|link|href|website|site|uri)$/;
const NUMBER_WORDS = /^(price|amount|qty|quantity|count|number|num|cost|total|min|max|limit|points|spend|value|stock|units|size)$/;

/**
 * A sensible type for a variable, from how the content uses it and from its name: `{{x}}%` or a name like
 * discount/percent → percent; `${{x}}` → number; date/start/end/until → date; url/link → url;
 * price/amount/qty/count → number; anything else text. The author can always change it.
 */
export function inferVariableType(name: string, content = ''): VariableType {
  const token = `\\{\\{\\{?\\s*${escapeRe(name)}\\s*\\}?\\}\\}`;
  if (new RegExp(`${token}\\s*%`).test(content)) return 'percent';
  if (new RegExp(`[$€£¥]\\s*${token}`).test(content)) return 'number';
  const words = nameWords(name);
  if (words.some((w) => TEXT_WORDS.test(w))) return 'text';
  if (words.some((w) => URL_WORDS.test(w))) return 'url';
  if (words.some((w) => PERCENT_WORDS.test(w))) return 'percent';
  if (words.some((w) => DATE_WORDS.test(w))) return 'date';
  if (words.some((w) => NUMBER_WORDS.test(w))) return 'number';
  return 'text';
}
