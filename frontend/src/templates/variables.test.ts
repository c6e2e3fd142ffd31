import { describe, expect, it } from 'vitest';
import { inferVariableType } from './variables';

describe('inferVariableType (issue 14, item 14)', () => {
  it('reads the type from usage first, then from the name', () => {
    expect(inferVariableType('amount', 'Take {{amount}}% off')).toBe('percent');
    expect(inferVariableType('saving', 'Save {{ saving }} %')).toBe('percent');
    expect(inferVariableType('saving', 'Save ${{saving}} today')).toBe('number');
    expect(inferVariableType('discount')).toBe('percent');
    expect(inferVariableType('percentOff')).toBe('percent');
    expect(inferVariableType('offerEndDate')).toBe('date');
    expect(inferVariableType('start')).toBe('date');
    expect(inferVariableType('validUntil')).toBe('date');
    expect(inferVariableType('shopLink')).toBe('url');
    expect(inferVariableType('landing_url')).toBe('url');
    expect(inferVariableType('price')).toBe('number');
    expect(inferVariableType('minQty')).toBe('number');
    expect(inferVariableType('itemCount')).toBe('number');
    expect(inferVariableType('headline')).toBe('text');
    expect(inferVariableType('discountCode')).toBe('text');
    expect(inferVariableType('weekend')).toBe('text');
  });
});
