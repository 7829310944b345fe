/**
 * The ranking of prompt versions by their feedback. Documented in apps/feedback/README.md and in the
 * OpenAPI description of GET /api/v1/feedback/summary; a change here must change both.
 *
 * 1. Every rating becomes a positive share r in 0..1: like = 1, dislike = 0, stars = value / 5.
 * 2. With n rated feedbacks and p = mean(r), the Wilson score lower bound at 95 % (z = 1.96),
 *      W = (p + z²/2n − z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n),   W = 0 when n = 0,
 *    is the share we are 95 % sure the version earns; few ratings pull it down, so one like does not
 *    outrank forty likes and two dislikes.
 * 3. Comment sentiment s is in −1..1; S = mean(s) over the version's comments, 0 when it has none.
 * 4. ranking_score = (1 − w)·W + w·(S + 1)/2 with w = 0.2: ratings decide, sentiment breaks ties
 *    and moves versions whose comments are clearly positive or negative.
 */
export const WILSON_Z = 1.96;
export const SENTIMENT_WEIGHT = 0.2;

/**
 * Select list over the aggregated columns `rated_count`, `positive_sum` and `average_sentiment`
 * (doubles); $z and $w are bound to WILSON_Z and SENTIMENT_WEIGHT by the caller.
 */
export function rankingSql(z: string, w: string): { wilson: string; score: string } {
  const n = 'rated_count::float8';
  const p = `(positive_sum / NULLIF(${n}, 0))`;
  const wilson = `CASE WHEN rated_count = 0 THEN 0::float8 ELSE
      (${p} + ${z}^2 / (2 * ${n}) - ${z} * sqrt(GREATEST(${p} * (1 - ${p}), 0) / ${n} + ${z}^2 / (4 * ${n}^2)))
      / (1 + ${z}^2 / ${n}) END`;
  const score = `(1 - ${w}) * (${wilson}) + ${w} * (COALESCE(average_sentiment, 0) + 1) / 2`;
  return { wilson, score };
}
