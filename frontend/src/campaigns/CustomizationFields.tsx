import type { TemplateVariable } from '../api/types';
import { Field, Input } from '../ui';

export type CustomizationValues = Record<string, string>;

export function initialCustomizations(variables: TemplateVariable[], existing?: Record<string, unknown>): CustomizationValues {
  const out: CustomizationValues = {};
  for (const v of variables) {
    const value = existing?.[v.name] ?? v.default;
    out[v.name] = value === null || value === undefined ? '' : String(value);
  }
  return out;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDefault = (v: TemplateVariable, raw: string) => v.default !== null && v.default !== undefined && raw === String(v.default).trim();

/**
 * Form values → the JSON the API expects: numbers as numbers; blanks and untouched defaults left out,
 * because the server applies a template's defaults itself.
 */
export function toCustomizations(variables: TemplateVariable[], values: CustomizationValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of variables) {
    const raw = values[v.name]?.trim() ?? '';
    if (raw === '' || isDefault(v, raw)) continue;
    out[v.name] = (v.type === 'number' || v.type === 'percent') && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

export function validateCustomizations(variables: TemplateVariable[], values: CustomizationValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const v of variables) {
    const raw = values[v.name]?.trim() ?? '';
    if (v.required && raw === '') {
      errors[v.name] = `${v.label || v.name} is required`;
      continue;
    }
    if (raw === '' || isDefault(v, raw)) continue;
    if ((v.type === 'number' || v.type === 'percent') && Number.isNaN(Number(raw))) errors[v.name] = 'Enter a number';
    else if (v.type === 'date' && !ISO_DATE.test(raw)) errors[v.name] = 'Enter a date as YYYY-MM-DD';
    else if (v.type === 'percent' && (Number(raw) < 0 || Number(raw) > 100)) errors[v.name] = 'Enter a percentage between 0 and 100';
    else if (v.type === 'url' && !/^https?:\/\/\S+$/i.test(raw)) errors[v.name] = 'Enter a full URL starting with http:// or https://';
  }
  return errors;
}

const inputType: Record<TemplateVariable['type'], string> = { text: 'text', number: 'number', percent: 'number', date: 'date', url: 'url' };

export function CustomizationFields({
  variables,
  values,
  onChange,
  errors = {},
  disabled,
  live,
}: {
  variables: TemplateVariable[];
  values: CustomizationValues;
  onChange: (next: CustomizationValues) => void;
  errors?: Record<string, string | undefined>;
  disabled?: boolean;
  /** Errors are recomputed from the values on every change (shown as typed, not only after a submit). */
  live?: boolean;
}) {
  if (variables.length === 0) {
    return <p className="text-sm text-slate-500">This template has no variables to fill in.</p>;
  }
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {variables.map((v) => (
        <Field
          key={v.name}
          label={v.label || v.name}
          required={v.required}
          live={live}
          error={errors[v.name] ?? errors[`customizations.${v.name}`]}
          hint={
            <>
              <code className="rounded bg-slate-100 px-1 text-[11px]">{`{{${v.name}}}`}</code>
              {v.default !== null && v.default !== undefined && v.default !== '' ? ` · default ${v.default}${v.type === 'percent' ? '%' : ''}` : ''}
            </>
          }
        >
          {(p) => (
            <div className="relative">
              <Input
                {...p}
                name={`customizations.${v.name}`}
                // A date input cannot show a non-ISO default ("Dec 31"); such a value stays editable as text.
                type={v.type === 'date' && values[v.name] && !ISO_DATE.test(values[v.name]) ? 'text' : (inputType[v.type] ?? 'text')}
                step={v.type === 'percent' || v.type === 'number' ? 'any' : undefined}
                min={v.type === 'percent' ? 0 : undefined}
                max={v.type === 'percent' ? 100 : undefined}
                value={values[v.name] ?? ''}
                disabled={disabled}
                className={v.type === 'percent' ? 'pr-8' : undefined}
                onChange={(e) => onChange({ ...values, [v.name]: e.target.value })}
              />
              {v.type === 'percent' && <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-slate-400">%</span>}
            </div>
          )}
        </Field>
      ))}
    </div>
  );
}
