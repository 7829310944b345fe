import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FeedbackVersionStats, ListFeedbackRequest } from '@prst/contracts';
import { FeedbackEntity } from './feedback.entity.js';
import { SENTIMENT_WEIGHT, WILSON_Z, rankingSql } from './ranking.js';

export type NewFeedback = Omit<FeedbackEntity, 'id' | 'createdAt'>;

/** Aggregates over a set of rows named `scoped`; counts come back as bigint, so cast them. */
const AGGREGATES = `
  count(*)::int AS feedback_count,
  count(rating_type)::int AS rated_count,
  (count(*) FILTER (WHERE rating_type = 'like'))::int AS likes,
  (count(*) FILTER (WHERE rating_type = 'dislike'))::int AS dislikes,
  (count(*) FILTER (WHERE rating_type = 'stars'))::int AS stars_count,
  (avg(rating_value) FILTER (WHERE rating_type = 'stars'))::float8 AS average_stars,
  COALESCE(sum(rating_score), 0)::float8 AS positive_sum,
  count(sentiment)::int AS comment_count,
  avg(sentiment)::float8 AS average_sentiment`;

const RANKING = rankingSql('$2::float8', '$3::float8');

/** Adds the derived columns to the aggregated rows of `grouped`. */
const RANKED = `
  *,
  positive_sum / NULLIF(rated_count, 0) AS positive_share,
  ${RANKING.wilson} AS wilson_lower_bound,
  ${RANKING.score} AS ranking_score`;

/**
 * One prompt's feedback, one row per version. Feedback may name a version by id, by label, or both:
 * the ids and labels seen together on this prompt join the two, so feedback sent as prompt_id +
 * prompt_version and as prompt_version_id alone (or through a task) counts for one version. A row
 * naming another prompt_id is about that prompt, whatever version id it names.
 *
 * The rows are first reduced to one partial aggregate per (id, label) as sent, using the prompt_id
 * and version-id indexes; only those few partial rows are joined and re-aggregated, so the cost is
 * one pass over the prompt's rows.
 */
const PROMPT_GROUPED = `
  WITH scoped AS (
    SELECT * FROM feedback.feedback WHERE prompt_id = $1
    UNION ALL
    SELECT * FROM feedback.feedback
    WHERE prompt_id IS NULL AND prompt_version_id IN (
      SELECT prompt_version_id FROM feedback.feedback WHERE prompt_id = $1 AND prompt_version_id IS NOT NULL)
  ), partial AS (
    SELECT prompt_version_id, prompt_version,
      count(*) AS feedback_count,
      count(rating_type) AS rated_count,
      count(*) FILTER (WHERE rating_type = 'like') AS likes,
      count(*) FILTER (WHERE rating_type = 'dislike') AS dislikes,
      count(*) FILTER (WHERE rating_type = 'stars') AS stars_count,
      sum(rating_value) FILTER (WHERE rating_type = 'stars') AS stars_sum,
      COALESCE(sum(rating_score), 0) AS positive_sum,
      count(sentiment) AS comment_count,
      sum(sentiment) AS sentiment_sum
    FROM scoped GROUP BY prompt_version_id, prompt_version
  ), known AS (
    SELECT prompt_version_id, max(prompt_version) AS prompt_version
    FROM partial WHERE prompt_version_id IS NOT NULL GROUP BY prompt_version_id
  ), label_ids AS (
    SELECT DISTINCT ON (prompt_version) prompt_version, prompt_version_id
    FROM known WHERE prompt_version IS NOT NULL
    ORDER BY prompt_version, prompt_version_id
  ), mapped AS (
    SELECT p.*,
      COALESCE(p.prompt_version_id, l.prompt_version_id) AS v_id,
      COALESCE(p.prompt_version, k.prompt_version) AS v_label
    FROM partial p
    LEFT JOIN label_ids l ON p.prompt_version_id IS NULL AND l.prompt_version = p.prompt_version
    LEFT JOIN known k ON k.prompt_version_id = p.prompt_version_id
  ), grouped AS (
    SELECT v_id, v_label,
      sum(feedback_count)::int AS feedback_count,
      sum(rated_count)::int AS rated_count,
      sum(likes)::int AS likes,
      sum(dislikes)::int AS dislikes,
      sum(stars_count)::int AS stars_count,
      (sum(stars_sum) / NULLIF(sum(stars_count), 0))::float8 AS average_stars,
      sum(positive_sum)::float8 AS positive_sum,
      sum(comment_count)::int AS comment_count,
      (sum(sentiment_sum) / NULLIF(sum(comment_count), 0))::float8 AS average_sentiment
    FROM mapped GROUP BY v_id, v_label
  )`;

/** Rows of one version id, plus label-only rows of the same prompt and label. */
const VERSION_ROWS = `
  WITH known AS (
    SELECT max(prompt_id) AS prompt_id, max(prompt_version) AS prompt_version
    FROM feedback.feedback
    WHERE prompt_version_id = $1
  ), scoped AS (
    SELECT f.* FROM feedback.feedback f
    WHERE f.prompt_version_id = $1
       OR (f.prompt_version_id IS NULL AND f.prompt_id = (SELECT prompt_id FROM known)
           AND f.prompt_version = (SELECT prompt_version FROM known))
  )`;

/** $1 prompt id, $2 z, $3 sentiment weight: one row per version, best first, unversioned last. */
export const PROMPT_SUMMARY_SQL = `${PROMPT_GROUPED}
  SELECT ${RANKED} FROM grouped
  ORDER BY (v_id IS NULL AND v_label IS NULL), ranking_score DESC, rated_count DESC, v_label, v_id`;

/** $1 version id, $2 z, $3 sentiment weight: exactly one row. */
export const VERSION_SUMMARY_SQL = `${VERSION_ROWS}, grouped AS (
    SELECT $1::varchar AS v_id, (SELECT prompt_version FROM known) AS v_label,
           (SELECT prompt_id FROM known) AS prompt_id, ${AGGREGATES}
    FROM scoped
  )
  SELECT ${RANKED} FROM grouped`;

interface StatsRow extends Omit<FeedbackVersionStats, 'prompt_id' | 'prompt_version' | 'prompt_version_id'> {
  v_id: string | null;
  v_label: string | null;
  prompt_id: string | null;
  positive_sum: number;
}

function toStats(row: StatsRow, promptId: string | null): FeedbackVersionStats {
  return {
    prompt_id: promptId ?? row.prompt_id,
    prompt_version: row.v_label,
    prompt_version_id: row.v_id,
    feedback_count: row.feedback_count,
    rated_count: row.rated_count,
    likes: row.likes,
    dislikes: row.dislikes,
    stars_count: row.stars_count,
    average_stars: row.average_stars,
    positive_share: row.positive_share,
    wilson_lower_bound: row.wilson_lower_bound,
    comment_count: row.comment_count,
    average_sentiment: row.average_sentiment,
    ranking_score: row.ranking_score,
  };
}

/** Storage of feedback and the SQL that aggregates it; no row is loaded to compute a summary. */
@Injectable()
export class FeedbackRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts one feedback and runs `beforeCommit` (the audit event) inside the same transaction, so
   * feedback whose audit event cannot be stored is not kept either.
   */
  async insert(values: NewFeedback, beforeCommit: (saved: FeedbackEntity) => Promise<void>): Promise<FeedbackEntity> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const saved = await manager.save(FeedbackEntity, manager.create(FeedbackEntity, values));
      await beforeCommit(saved);
      return saved;
    });
  }

  async list(filter: ListFeedbackRequest, limit: number, offset: number): Promise<{ items: FeedbackEntity[]; total: number }> {
    const query = this.dataSource.getRepository(FeedbackEntity).createQueryBuilder('f');
    if (filter.prompt_id) query.andWhere('f.prompt_id = :promptId', { promptId: filter.prompt_id });
    if (filter.prompt_version) query.andWhere('f.prompt_version = :label', { label: filter.prompt_version });
    if (filter.prompt_version_id) query.andWhere('f.prompt_version_id = :versionId', { versionId: filter.prompt_version_id });
    if (filter.task_id) query.andWhere('f.task_id = :taskId', { taskId: filter.task_id });
    if (filter.source) query.andWhere('f.source = :source', { source: filter.source });
    if (filter.rating === 'none') query.andWhere('f.rating_type IS NULL');
    else if (filter.rating) query.andWhere('f.rating_type = :rating', { rating: filter.rating });
    if (filter.stars !== undefined) {
      query.andWhere("f.rating_type = 'stars' AND f.rating_value = :stars", { stars: filter.stars });
    }
    if (filter.from) query.andWhere('f.created_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('f.created_at < :to', { to: filter.to });
    const [items, total] = await query
      .orderBy('f.created_at', 'DESC')
      .addOrderBy('f.id', 'DESC')
      .take(limit)
      .skip(offset)
      .getManyAndCount();
    return { items, total };
  }

  /** Every version of a prompt, best ranking first, and the feedback that names no version. */
  async promptSummary(promptId: string): Promise<{ versions: FeedbackVersionStats[]; unversioned: FeedbackVersionStats | null }> {
    const rows: StatsRow[] = await this.dataSource.query(PROMPT_SUMMARY_SQL, [promptId, WILSON_Z, SENTIMENT_WEIGHT]);
    const unversioned = rows.find((row) => row.v_id === null && row.v_label === null);
    return {
      versions: rows.filter((row) => row !== unversioned).map((row) => toStats(row, promptId)),
      unversioned: unversioned ? toStats(unversioned, promptId) : null,
    };
  }

  /** One version's aggregate (zeros when it has no feedback yet). */
  async versionSummary(promptVersionId: string): Promise<FeedbackVersionStats> {
    const [row]: StatsRow[] = await this.dataSource.query(VERSION_SUMMARY_SQL, [promptVersionId, WILSON_Z, SENTIMENT_WEIGHT]);
    return toStats(row, null);
  }
}
