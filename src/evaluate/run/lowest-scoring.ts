/**
 * The `k` entries of lowest score among those kept and the new one, lowest first: a failure gallery can watch
 * a whole run go by while holding only `k` items. On equal scores the entry seen first stays ahead.
 */
export function keepLowest<T extends { score: number }>(kept: readonly T[], entry: T, k: number): T[] {
  const at = kept.findIndex((e) => entry.score < e.score);
  const position = at < 0 ? kept.length : at;
  if (position >= k) return [...kept];
  return [...kept.slice(0, position), entry, ...kept.slice(position)].slice(0, k);
}
