import { AffectscopeError, type ErrorCode } from './errors';

/** Reads untyped JSON; every failure names the JSON path: "<prefix>: frames[3].mediaTimeMs: expected …, got …". */
export class JsonReader {
  constructor(
    private readonly code: ErrorCode,
    private readonly prefix: string,
  ) {}

  fail(path: string, expected: string, got: unknown): never {
    throw new AffectscopeError(this.code, `${this.prefix}: ${path}: expected ${expected}, got ${describe(got)}`);
  }
  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'an object', value);
    return value as Record<string, unknown>;
  }
  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'a string', value);
    return value;
  }
  nonEmptyString(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.length === 0) this.fail(path, 'a non-empty string', value);
    return value;
  }
  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.fail(path, 'true or false', value);
    return value;
  }
  number(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(path, 'a finite number', value);
    return value;
  }
  /** a finite number ≥ 0 (times, durations) */
  nonNegative(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) this.fail(path, 'a finite number ≥ 0', value);
    return value;
  }
  inRange(value: unknown, min: number, max: number, path: string): number {
    if (typeof value !== 'number' || !(value >= min && value <= max)) this.fail(path, `a number in [${min}, ${max}]`, value);
    return value;
  }
  index(value: unknown, length: number, path: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= length) {
      this.fail(path, `an integer in [0, ${length - 1}]`, value);
    }
    return value;
  }
  count(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) this.fail(path, 'a non-negative integer', value);
    return value;
  }
  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'an array', value);
    return value;
  }
  oneOf<T extends string>(value: unknown, options: readonly T[], path: string): T {
    if (!options.includes(value as T)) this.fail(path, `one of ${options.map((o) => `'${o}'`).join(' | ')}`, value);
    return value as T;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  if (Array.isArray(value) && text.length > 80) return `an array of ${value.length}`;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
