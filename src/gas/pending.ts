/**
 * What a web execution leaves for the next pass under the lock (an order, a customer's answer):
 * one script property per item, so concurrent executions never overwrite each other. `stored`:
 * the properties already read in this execution (the reconcile's one read), to save a call. An
 * unreadable value is left for a person to look at, never applied half.
 */
export function propertyJournal<T>(
  prefix: string,
  keyOf: (item: T) => string,
  stored?: Record<string, string>,
  order?: (a: T, b: T) => number,
): { list(): T[]; add(item: T): void; remove(keys: readonly string[]): void } {
  const properties = PropertiesService.getScriptProperties();
  return {
    list: () => {
      const all = stored ?? properties.getProperties();
      const items = Object.keys(all)
        .filter((k) => k.startsWith(prefix))
        .flatMap((k) => {
          try {
            return [JSON.parse(all[k]!) as T];
          } catch {
            return [];
          }
        });
      return order ? items.sort(order) : items;
    },
    add: (item) => properties.setProperty(prefix + keyOf(item), JSON.stringify(item)),
    remove: (keys) => keys.forEach((key) => properties.deleteProperty(prefix + key)),
  };
}
