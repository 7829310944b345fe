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
 * Rows of one prompt, each with the version it belongs to. Feedback may name a version by id, by
 * label, or both; the labels and ids seen together on this prompt join the two, so feedback sent
 * as prompt_id + prompt_version and as prompt_version_id (or through a task) counts for one version.
 */
const PROMPT_ROWS = `
  WITH known AS (
    SELECT prompt_version_id, max(prompt_version) AS prompt_version
    FROM feedback.feedback
    WHERE prompt_id = $1 AND prompt_version_id IS NOT NULL
    GROUP BY prompt_version_id
  ), scoped AS (
    SELECT f.*,
      COALESCE(f.prompt_version_id,
        (SELECT k.prompt_version_id FROM known k WHERE k.prompt_version = f.prompt_version LIMIT 1)) AS v_id,
      COALESCE(f.prompt_version,
        (SELECT k.prompt_version FROM known k WHERE k.prompt_version_id = f.prompt_version_id)) AS v_label
    FROM feedback.feedback f
    WHERE f.prompt_id = $1 OR f.prompt_version_id IN (SELECT prompt_version_id FROM known)
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
    const rows: StatsRow[] = await this.dataSource.query(
      `${PROMPT_ROWS}, grouped AS (
         SELECT v_id, v_label, NULL::varchar AS prompt_id, ${AGGREGATES} FROM scoped GROUP BY v_id, v_label
       )
       SELECT ${RANKED} FROM grouped
       ORDER BY (v_id IS NULL AND v_label IS NULL), ranking_score DESC, rated_count DESC, v_label, v_id`,
      [promptId, WILSON_Z, SENTIMENT_WEIGHT],
    );
    const unversioned = rows.find((row) => row.v_id === null && row.v_label === null);
    return {
      versions: rows.filter((row) => row !== unversioned).map((row) => toStats(row, promptId)),
      unversioned: unversioned ? toStats(unversioned, promptId) : null,
    };
  }

  /** One version's aggregate (zeros when it has no feedback yet). */
  async versionSummary(promptVersionId: string): Promise<FeedbackVersionStats> {
    const [row]: StatsRow[] = await this.dataSource.query(
      `${VERSION_ROWS}, grouped AS (
         SELECT $1::varchar AS v_id, (SELECT prompt_version FROM known) AS v_label,
                (SELECT prompt_id FROM known) AS prompt_id, ${AGGREGATES}
         FROM scoped
       )
       SELECT ${RANKED} FROM grouped`,
      [promptVersionId, WILSON_Z, SENTIMENT_WEIGHT],
    );
    return toStats(row, null);
  }
}
