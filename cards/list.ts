/** Long lists on cards: the first `max` items, then "and N more". */
export function truncate<T>(items: readonly T[], max: number): { shown: T[]; more: string } {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  return { shown, more: rest > 0 ? `and ${rest} more` : '' };
}
