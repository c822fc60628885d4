/**
 * A statistic that may be undefined for the data at hand (kappa when chance agreement is 1, a
 * correlation of a constant series, …). The reason is kept so a table can say why, instead of
 * showing 0 or NaN.
 */
export type Statistic = { value: number } | { value: null; reason: string };

export function defined(value: number): Statistic {
  return { value };
}

export function undefinedBecause(reason: string): Statistic {
  return { value: null, reason };
}

/** Mean of the defined statistics; undefined (with `reason`) when none is defined. */
export function meanOfDefined(statistics: readonly Statistic[], reason: string): Statistic {
  const values = statistics.flatMap((s) => (s.value === null ? [] : [s.value]));
  return values.length === 0 ? undefinedBecause(reason) : defined(values.reduce((sum, v) => sum + v, 0) / values.length);
}
