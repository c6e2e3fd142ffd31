import { describe, expect, it } from 'vitest';
import { labelFromName, usedVariables, validateVariables } from './variables';

describe('usedVariables', () => {
  it('finds plain, spaced, dotted and block variables once each', () => {
    const content = 'Save {{discount}}% at {{ location.name }}! {{#if endDate}}Until {{endDate}}{{/if}} {{discount}} {{! note }} {{else}}';
    expect(usedVariables(content)).toEqual(['discount', 'location.name', 'endDate']);
  });

  it('ignores text without variables', () => {
    expect(usedVariables('Plain text { not a var }')).toEqual([]);
  });
});

describe('validateVariables', () => {
  it('flags missing, invalid and duplicate names and bad percent defaults', () => {
    const errors = validateVariables([
      { name: '', label: '', type: 'text', required: false, default: null },
      { name: '2fast', label: '', type: 'text', required: false, default: null },
      { name: 'discount', label: '', type: 'percent', required: true, default: 150 },
      { name: 'discount', label: '', type: 'number', required: false, default: 'x' },
    ]);
    expect(errors['variables[0].name']).toBe('Name is required');
    expect(errors['variables[1].name']).toMatch(/must not start with a digit/);
    expect(errors['variables[2].default']).toMatch(/between 0 and 100/);
    expect(errors['variables[3].name']).toBe('Duplicate name');
    expect(errors['variables[3].default']).toBe('A number');
  });

  it('makes readable labels', () => {
    expect(labelFromName('storeHours')).toBe('Store hours');
    expect(labelFromName('end_date')).toBe('End date');
  });
});
