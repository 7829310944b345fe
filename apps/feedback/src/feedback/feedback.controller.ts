import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateFeedbackRequest,
  FeedbackSummaryRequest,
  ListFeedbackRequest,
  Subjects,
  type CallerContext,
  type FeedbackPage,
  type FeedbackRecord,
  type FeedbackVersionStats,
  type PromptFeedbackSummary,
} from '@prst/contracts';
import { Caller } from '@prst/messaging';
import { FeedbackService } from './feedback.service.js';

@Controller()
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @MessagePattern(Subjects.feedback.create)
  create(@Payload() request: CreateFeedbackRequest, @Caller() context: CallerContext): Promise<FeedbackRecord> {
    return this.feedback.create(request, context);
  }

  @MessagePattern(Subjects.feedback.list)
  list(@Payload() request: ListFeedbackRequest): Promise<FeedbackPage> {
    return this.feedback.list(request);
  }

  @MessagePattern(Subjects.feedback.summary)
  summary(@Payload() request: FeedbackSummaryRequest): Promise<PromptFeedbackSummary | FeedbackVersionStats> {
    return this.feedback.summary(request);
  }
}
