import { Injectable } from '@nestjs/common';
import {
  PrstError,
  type CallerContext,
  type CreateFeedbackRequest,
  type FeedbackPage,
  type FeedbackRecord,
  type FeedbackSummaryRequest,
  type FeedbackVersionStats,
  type ListFeedbackRequest,
  type PromptFeedbackSummary,
} from '@prst/contracts';
import { AuditPublisher } from '@prst/messaging';
import { FeedbackRepository } from './feedback.repository.js';
import type { FeedbackEntity } from './feedback.entity.js';
import {
  assertNotEmpty,
  assertPromptReference,
  assertRating,
  mergeTask,
  normalizedComment,
  type PromptReference,
} from './feedback.rules.js';
import { SentimentAnalyzer, labelOf } from './sentiment.analyzer.js';
import { TaskLookup } from './task.lookup.js';

const DEFAULT_PAGE_SIZE = 50;

export function toRecord(entity: FeedbackEntity): FeedbackRecord {
  return {
    id: entity.id,
    task_id: entity.taskId,
    user_id: entity.userId,
    prompt_id: entity.promptId,
    prompt_version: entity.promptVersion,
    prompt_version_id: entity.promptVersionId,
    source: entity.source,
    rating: entity.ratingType
      ? entity.ratingType === 'stars'
        ? { type: 'stars', value: entity.ratingValue ?? 0 }
        : { type: entity.ratingType }
      : null,
    comment: entity.comment,
    sentiment: entity.sentiment === null ? null : { score: entity.sentiment, label: labelOf(entity.sentiment) },
    created_at: new Date(entity.createdAt).toISOString(),
  };
}

@Injectable()
export class FeedbackService {
  constructor(
    private readonly repository: FeedbackRepository,
    private readonly tasks: TaskLookup,
    private readonly sentiment: SentimentAnalyzer,
    private readonly audit: AuditPublisher,
  ) {}

  /** Checks, fills from the task, scores the comment, stores and audits one feedback. */
  async create(sent: CreateFeedbackRequest, context: CallerContext): Promise<FeedbackRecord> {
    assertRating(sent);
    assertNotEmpty(sent);
    let reference: PromptReference = {
      prompt_id: sent.prompt_id ?? undefined,
      prompt_version: sent.prompt_version ?? undefined,
      prompt_version_id: sent.prompt_version_id ?? undefined,
    };
    if (sent.task_id) {
      const task = await this.tasks.find(sent.task_id, context);
      if (!task) throw new PrstError('FEEDBACK_TASK_NOT_FOUND', `There is no execution task ${sent.task_id}.`);
      reference = mergeTask(sent, task);
    }
    assertPromptReference(reference, sent);

    const comment = normalizedComment(sent.comment);
    const saved = await this.repository.insert(
      {
        taskId: sent.task_id ?? null,
        userId: sent.user_id ?? null,
        promptId: reference.prompt_id ?? null,
        promptVersion: reference.prompt_version ?? null,
        promptVersionId: reference.prompt_version_id ?? null,
        source: sent.source ?? null,
        ratingType: sent.rating?.type ?? null,
        ratingValue: sent.rating?.type === 'stars' ? (sent.rating.value ?? null) : null,
        comment: comment ?? null,
        sentiment: comment ? this.sentiment.analyze(comment).score : null,
        submittedByType: context.principalType ?? null,
        submittedById: context.principalId ?? null,
      },
      async (row) => {
        await this.audit.publish(
          {
            action: 'feedback.created',
            outcome: 'success',
            resource: { type: 'feedback', id: row.id },
            // The comment stays out of the audit trail: it is free text from end users.
            details: {
              task_id: row.taskId,
              prompt_id: row.promptId,
              prompt_version: row.promptVersion,
              prompt_version_id: row.promptVersionId,
              source: row.source,
              rating: row.ratingType,
              rating_value: row.ratingValue,
              has_comment: row.comment !== null,
            },
          },
          context,
        );
      },
    );
    return toRecord(saved);
  }

  async list(filter: ListFeedbackRequest): Promise<FeedbackPage> {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const offset = filter.offset ?? 0;
    if (filter.from && filter.to && new Date(filter.from) > new Date(filter.to)) {
      throw new PrstError('VALIDATION_FAILED', '"from" must not be later than "to".');
    }
    const { items, total } = await this.repository.list(filter, limit, offset);
    return { items: items.map(toRecord), total, limit, offset };
  }

  async summary(request: FeedbackSummaryRequest): Promise<PromptFeedbackSummary | FeedbackVersionStats> {
    if (Boolean(request.prompt_id) === Boolean(request.prompt_version_id)) {
      throw new PrstError(
        'FEEDBACK_SUMMARY_TARGET',
        'Ask for the summary of exactly one thing: ?prompt_id=… compares all versions of a prompt, ?prompt_version_id=… gives one version.',
      );
    }
    if (request.prompt_id) {
      return { prompt_id: request.prompt_id, ...(await this.repository.promptSummary(request.prompt_id)) };
    }
    return this.repository.versionSummary(request.prompt_version_id!);
  }
}
