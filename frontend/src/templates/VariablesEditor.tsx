import type { TemplateVariable, VariableType } from '../api/types';
import { Button, Icon, Input, Select } from '../ui';
import { labelFromName } from './variables';

const TYPES: VariableType[] = ['text', 'number', 'percent', 'date', 'url'];

/** The declared-variables form: one row per variable (name, label, type, required, default). */
export function VariablesEditor({
  variables,
  onChange,
  errors = {},
  readOnly,
}: {
  variables: TemplateVariable[];
  onChange: (next: TemplateVariable[]) => void;
  errors?: Record<string, string | undefined>;
  readOnly?: boolean;
}) {
  const update = (i: number, patch: Partial<TemplateVariable>) => onChange(variables.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const remove = (i: number) => onChange(variables.filter((_, j) => j !== i));
  const add = () => onChange([...variables, { name: '', label: '', type: 'text', required: false, default: null }]);

  return (
    <div>
      {variables.length === 0 ? (
        <p className="text-sm text-slate-500">No variables declared. Add one, or click an undeclared chip above the editor.</p>
      ) : (
        <div className="-mx-5 overflow-x-auto">
          <table className="w-full min-w-[34rem] table-fixed text-sm">
            <colgroup>
              <col className="w-[27%]" />
              <col className="w-[24%]" />
              <col className="w-[7.5rem]" />
              <col className="w-16" />
              <col />
              {!readOnly && <col className="w-12" />}
            </colgroup>
            <thead>
              <tr className="text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
                <th scope="col" className="pb-2 pl-5">Name</th>
                <th scope="col" className="px-2 pb-2">Label</th>
                <th scope="col" className="px-2 pb-2">Type</th>
                <th scope="col" className="px-2 pb-2 text-center">Required</th>
                <th scope="col" className="px-2 pb-2">Default</th>
                {!readOnly && <th scope="col" className="pr-5 pb-2"><span className="sr-only">Remove</span></th>}
              </tr>
            </thead>
            <tbody className="align-top">
              {variables.map((v, i) => {
                const nameError = errors[`variables[${i}].name`];
                const defaultError = errors[`variables[${i}].default`];
                return (
                  <tr key={i}>
                    <td className="py-1.5 pr-2 pl-5">
                      <Input
                        aria-label={`Variable ${i + 1} name`}
                        value={v.name}
                        readOnly={readOnly}
                        aria-invalid={nameError ? true : undefined}
                        className="font-mono text-xs"
                        onChange={(e) => update(i, { name: e.target.value.replace(/\s+/g, '_') })}
                        onBlur={() => !v.label && v.name && update(i, { label: labelFromName(v.name) })}
                      />
                      {nameError && <p className="mt-1 text-xs text-rose-600">{nameError}</p>}
                    </td>
                    <td className="px-2 py-1.5">
                      <Input aria-label={`Variable ${i + 1} label`} value={v.label} readOnly={readOnly} onChange={(e) => update(i, { label: e.target.value })} />
                    </td>
                    <td className="px-2 py-1.5">
                      <Select aria-label={`Variable ${i + 1} type`} value={v.type} disabled={readOnly} className="pr-7 pl-2" onChange={(e) => update(i, { type: e.target.value as VariableType })}>
                        {TYPES.map((t) => (
                          <option key={t} value={t}>
                            {t}
                          </option>
                        ))}
                      </Select>
                    </td>
                    <td className="px-2 py-1.5 text-center">
                      <input
                        type="checkbox"
                        aria-label={`Variable ${i + 1} required`}
                        className="mt-2.5 size-4 accent-brand-600"
                        checked={v.required}
                        disabled={readOnly}
                        onChange={(e) => update(i, { required: e.target.checked })}
                      />
                    </td>
                    <td className="px-2 py-1.5">
                      <Input
                        aria-label={`Variable ${i + 1} default`}
                        value={v.default === null || v.default === undefined ? '' : String(v.default)}
                        readOnly={readOnly}
                        aria-invalid={defaultError ? true : undefined}
                        type={v.type === 'date' ? 'date' : v.type === 'number' || v.type === 'percent' ? 'number' : 'text'}
                        onChange={(e) => update(i, { default: e.target.value === '' ? null : e.target.value })}
                      />
                      {defaultError && <p className="mt-1 text-xs text-rose-600">{defaultError}</p>}
                    </td>
                    {!readOnly && (
                      <td className="py-1.5 pr-5 text-right">
                        <button type="button" onClick={() => remove(i)} className="mt-1 rounded-md p-1.5 text-slate-400 hover:bg-rose-50 hover:text-rose-600" aria-label={`Remove variable ${v.name || i + 1}`}>
                          <Icon name="trash" className="size-4" />
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {!readOnly && (
        <Button variant="secondary" size="sm" className="mt-3" onClick={add} icon={<Icon name="plus" className="size-4" />}>
          Add variable
        </Button>
      )}
    </div>
  );
}
