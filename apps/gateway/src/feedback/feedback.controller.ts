import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import {
  CreateFeedbackRequest,
  FeedbackSummaryRequest,
  ListFeedbackRequest,
  type CallerContext,
  type FeedbackPage,
  type FeedbackRecord,
  type FeedbackVersionStats,
  type PromptFeedbackSummary,
} from '@prst/contracts';
import { createValidationPipe } from '@prst/messaging';
import { RequirePermission } from '../auth/permission.decorator.js';
import { RequestContext } from '../http/request-context.decorator.js';
import { FeedbackGatewayService } from './feedback.service.js';

const RANKING_DESCRIPTION = [
  'Per prompt version: feedback_count, rated_count, likes, dislikes, stars_count, average_stars, comment_count,',
  'average_sentiment (−1..1) and ranking_score, computed by SQL aggregation.',
  'Ranking: every rating becomes r in 0..1 (like 1, dislike 0, stars value/5); with n ratings and p = mean(r),',
  'W = (p + z²/2n − z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n) with z = 1.96 (Wilson lower bound, 0 when n = 0);',
  'S = mean comment sentiment (0 without comments); ranking_score = 0.8·W + 0.2·(S + 1)/2.',
  '?prompt_id=… lists every version of the prompt, best ranking_score first (feedback without a version is',
  'reported apart as "unversioned"); ?prompt_version_id=… answers that one version.',
].join(' ');

const text = (description: string, maxLength: number): SchemaObject => ({ type: 'string', maxLength, description });

/** The request body as JSON Schema (the contract classes carry class-validator rules, not Swagger metadata). */
const CREATE_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    task_id: { type: 'string', format: 'uuid', description: 'execution task; fills the three prompt fields' },
    user_id: text('the end user who gave the feedback, in your own system', 200),
    prompt_id: text('the prompt', 200),
    prompt_version: text('version label, for example "2" (with prompt_id)', 100),
    prompt_version_id: text('the prompt version', 200),
    source: text('where the feedback came from, for example "chat-widget"', 200),
    rating: {
      oneOf: [
        { type: 'object', required: ['type'], properties: { type: { enum: ['like', 'dislike'] } }, additionalProperties: false },
        {
          type: 'object',
          required: ['type', 'value'],
          properties: { type: { enum: ['stars'] }, value: { type: 'integer', minimum: 0, maximum: 5 } },
          additionalProperties: false,
        },
      ],
    },
    comment: { type: 'string', maxLength: 4000, description: 'free text; its sentiment is computed locally' },
  },
  example: { prompt_id: 'a3c1…', prompt_version: '2', source: 'chat-widget', rating: { type: 'stars', value: 4 }, comment: 'Clear and helpful.' },
};

const ERRORS = 'Error envelope {serverCode, name, code, message, description}.';

/**
 * Feedback in Prst.ai's field names (snake_case). Validation happens here and again in the feedback
 * service; the rule about which prompt fields must be present lives in the service.
 */
@ApiTags('feedback')
@Controller('api/v1/feedback')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackGatewayService) {}

  @Post()
  @RequirePermission('feedback.write')
  @ApiOperation({
    summary: 'Submit feedback on a prompt execution',
    description:
      'Fields (all optional): task_id, user_id, prompt_id, prompt_version, prompt_version_id, source, ' +
      'rating ({"type":"like"|"dislike"} or {"type":"stars","value":0..5}), comment (≤ 4000 characters). ' +
      'At least one of prompt_id, prompt_id + prompt_version, prompt_version_id must be present (a task_id fills ' +
      'all three from the task; fields that contradict the task answer 400). A rating or a comment is required. ' +
      'The comment’s sentiment (−1..1) is computed locally and stored.',
  })
  @ApiBody({ schema: CREATE_BODY_SCHEMA })
  @ApiResponse({ status: 201, description: 'The stored feedback, with sentiment {score, label} (null without a comment).' })
  @ApiResponse({
    status: 400,
    description: `${ERRORS} FEEDBACK_PROMPT_REQUIRED (no accepted combination), FEEDBACK_TASK_NOT_FOUND, FEEDBACK_TASK_MISMATCH, FEEDBACK_EMPTY, VALIDATION_FAILED.`,
  })
  @ApiResponse({ status: 503, description: `${ERRORS} AUDIT_UNAVAILABLE: the audit event could not be stored, so neither was the feedback.` })
  create(
    @Body(createValidationPipe()) request: CreateFeedbackRequest,
    @RequestContext() context: CallerContext,
  ): Promise<FeedbackRecord> {
    return this.feedback.create(request ?? {}, context);
  }

  @Get()
  @RequirePermission('feedback.read')
  @ApiOperation({
    summary: 'List feedback, newest first',
    description:
      'Filters (AND): prompt_id, prompt_version, prompt_version_id, task_id, source, rating (like|dislike|stars|none), ' +
      'stars (0..5), from and to (ISO 8601; from inclusive, to exclusive). Page with limit (1..200, default 50) and offset.',
  })
  @ApiQuery({ name: 'prompt_id', required: false })
  @ApiQuery({ name: 'prompt_version', required: false })
  @ApiQuery({ name: 'prompt_version_id', required: false })
  @ApiQuery({ name: 'task_id', required: false })
  @ApiQuery({ name: 'source', required: false })
  @ApiQuery({ name: 'rating', required: false, enum: ['like', 'dislike', 'stars', 'none'] })
  @ApiQuery({ name: 'stars', required: false, type: Number })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601, exclusive' })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'offset', required: false, type: Number })
  @ApiResponse({ status: 200, description: '{items, total, limit, offset}, newest first.' })
  list(@Query(createValidationPipe()) query: ListFeedbackRequest, @RequestContext() context: CallerContext): Promise<FeedbackPage> {
    return this.feedback.list(query, context);
  }

  @Get('summary')
  @RequirePermission('feedback.read')
  @ApiOperation({ summary: 'Feedback summary and ranking of prompt versions', description: RANKING_DESCRIPTION })
  @ApiQuery({ name: 'prompt_id', required: false, description: 'compare every version of this prompt' })
  @ApiQuery({ name: 'prompt_version_id', required: false, description: 'this one version' })
  @ApiResponse({ status: 200, description: '{prompt_id, versions: [best first], unversioned} or one version’s entry.' })
  @ApiResponse({ status: 400, description: `${ERRORS} FEEDBACK_SUMMARY_TARGET unless exactly one of the two is given.` })
  summary(
    @Query(createValidationPipe()) query: FeedbackSummaryRequest,
    @RequestContext() context: CallerContext,
  ): Promise<PromptFeedbackSummary | FeedbackVersionStats> {
    return this.feedback.summary(query, context);
  }
}
