/**
 * Complexity as the entropy of the fractional contributions (Bhatt, Weller and Moura, "Evaluating and
 * aggregating feature-based model explanations", IJCAI 2020; Quantus' Complexity): p_i = |a_i| / sum |a|,
 * H = -sum p_i ln p_i in nats. 0 for a one-hot map, ln n for a uniform one; an all-zero map is taken as
 * uniform (no feature singled out).
 */
export function attributionEntropy(map: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < map.length; i++) total += Math.abs(map[i]);
  if (total === 0) return Math.log(map.length);
  let h = 0;
  for (let i = 0; i < map.length; i++) {
    const p = Math.abs(map[i]) / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}
