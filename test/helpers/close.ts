import assert from 'node:assert/strict';

/** Asserts `actual` is a number within `tolerance` of `expected`, relative to `expected`. */
export function close(actual: number | null | undefined, expected: number, what: string, tolerance = 1e-6): void {
  assert.ok(actual !== null && actual !== undefined, `${what} is ${String(actual)}`);
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * tolerance, `${what}: ${actual} ≠ ${expected}`);
}
