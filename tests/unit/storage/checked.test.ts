import { describe, expect, it } from 'vitest';
import { sameJson } from '../../../storage/checked';

describe('sameJson', () => {
  it('is true of equal JSON values with their keys in the same order, at every depth', () => {
    expect(sameJson({ a: 1, b: [1, { c: 'x', d: null }] }, { a: 1, b: [1, { c: 'x', d: null }] })).toBe(true);
    expect(sameJson([], [])).toBe(true);
  });

  it('is false when anything differs, the order of keys included (it changes the bytes)', () => {
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson({ a: null }, { a: {} })).toBe(false);
    expect(sameJson({ a: '1' }, { a: 1 })).toBe(false);
  });
});
