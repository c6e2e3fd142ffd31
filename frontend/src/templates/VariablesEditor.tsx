import type { TemplateVariable, VariableType } from '../api/types';
import { Button, Icon, Input, Select } from '../ui';
import { labelFromName } from './variables';

const TYPES: { value: VariableType; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'percent', label: 'Percentage' },
  { value: 'date', label: 'Date' },
  { value: 'url', label: 'Web link' },
];

/** The declared-variables form: one row per variable (name, label, type, required, default). */
export function VariablesEditor({
  variables,
  onChange,
  errors = {},
  readOnly,
  inferType,
}: {
  variables: TemplateVariable[];
  onChange: (next: TemplateVariable[]) => void;
  errors?: Record<string, string | undefined>;
  readOnly?: boolean;
  /** A type guessed from a name (and the content), applied when a new variable is first named. */
  inferType?: (name: string) => VariableType;
}) {
  const update = (i: number, patch: Partial<TemplateVariable>) => onChange(variables.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const remove = (i: number) => onChange(variables.filter((_, j) => j !== i));
  const add = () => onChange([...variables, { name: '', label: '', type: 'text', required: false, default: null }]);

  return (
    <div>
      {variables.length === 0 ? (
        <p className="text-sm text-slate-500">No variables declared. Add one, or click an undeclared chip above the editor.</p>
      ) : (
        <ul className="space-y-3">
          {variables.map((v, i) => {
            const nameError = errors[`variables[${i}].name`];
            const defaultError = errors[`variables[${i}].default`];
            const n = i + 1;
            return (
              <li key={i} className="rounded-lg bg-slate-50/70 p-3 ring-1 ring-slate-200">
                <div className="grid grid-cols-2 gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_8rem]">
                  <label className="block">
                    <span className="mb-1 block text-xs font-medium text-slate-500">Name</span>
                    <Input
                      aria-label={`Variable ${n} name`}
                      value={v.name}
                      readOnly={readOnly}
                      aria-invalid={nameError ? true : undefined}
                      className="font-mono"
                      onChange={(e) => update(i, { name: e.target.value.replace(/\s+/g, '_') })}
                      onBlur={() => !v.label && v.name && update(i, { label: labelFromName(v.name), ...(v.type === 'text' && inferType ? { type: inferType(v.name) } : {}) })}
                    />
                    {nameError && <span className="mt-1 block text-xs text-rose-600">{nameError}</span>}
                  </label>
                  <label className="block">
                    <span className="mb-1 block text-xs font-medium text-slate-500">Label</span>
                    <Input aria-label={`Variable ${n} label`} value={v.label} readOnly={readOnly} onChange={(e) => update(i, { label: e.target.value })} />
                  </label>
                  <label className="col-span-2 block sm:col-span-1">
                    <span className="mb-1 block text-xs font-medium text-slate-500">Type</span>
                    <Select aria-label={`Variable ${n} type`} title="Guessed from the name and how the content uses it; change it if it is wrong" value={v.type} disabled={readOnly} onChange={(e) => update(i, { type: e.target.value as VariableType })}>
                      {TYPES.map((t) => (
                        <option key={t.value} value={t.value}>
                          {t.label}
                        </option>
                      ))}
                    </Select>
                  </label>
                </div>
                <div className="mt-3 flex flex-wrap items-end gap-3">
                  <label className="block min-w-0 flex-1">
                    <span className="mb-1 block text-xs font-medium text-slate-500">Default</span>
                    <Input
                      aria-label={`Variable ${n} default`}
                      value={v.default === null || v.default === undefined ? '' : String(v.default)}
                      readOnly={readOnly}
                      aria-invalid={defaultError ? true : undefined}
                      type={
                        v.type === 'date' && (v.default === null || v.default === '' || /^\d{4}-\d{2}-\d{2}$/.test(String(v.default)))
                          ? 'date'
                          : v.type === 'number' || v.type === 'percent'
                            ? 'number'
                            : 'text'
                      }
                      onChange={(e) => update(i, { default: e.target.value === '' ? null : e.target.value })}
                    />
                    {defaultError && <span className="mt-1 block text-xs text-rose-600">{defaultError}</span>}
                  </label>
                  <label className="flex h-10 items-center gap-2 text-sm text-slate-700">
                    <input
                      type="checkbox"
                      aria-label={`Variable ${n} required`}
                      className="size-4 accent-brand-600"
                      checked={v.required}
                      disabled={readOnly}
                      onChange={(e) => update(i, { required: e.target.checked })}
                    />
                    Required
                  </label>
                  {!readOnly && (
                    <button
                      type="button"
                      onClick={() => remove(i)}
                      className="flex h-10 items-center rounded-md px-2 text-slate-400 hover:bg-rose-50 hover:text-rose-600"
                      aria-label={`Remove variable ${v.name || n}`}
                    >
                      <Icon name="trash" className="size-4" />
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {!readOnly && (
        <Button variant="secondary" size="sm" className="mt-3" onClick={add} icon={<Icon name="plus" className="size-4" />}>
          Add variable
        </Button>
      )}
    </div>
  );
}
