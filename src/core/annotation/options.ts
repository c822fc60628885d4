/** `defaults` overridden by the options that are set: an explicit `undefined` keeps the default (React props pass them). */
export function withDefaults<T extends object>(defaults: Readonly<T>, options: Partial<T>): T {
  const merged: T = { ...defaults };
  for (const key of Object.keys(options) as Array<keyof T>) {
    const value = options[key];
    if (value !== undefined) merged[key] = value as T[keyof T];
  }
  return merged;
}
