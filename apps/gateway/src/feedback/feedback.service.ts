import { Injectable } from '@nestjs/common';
import {
  Subjects,
  type CallerContext,
  type CreateFeedbackRequest,
  type FeedbackPage,
  type FeedbackRecord,
  type FeedbackSummaryRequest,
  type FeedbackVersionStats,
  type ListFeedbackRequest,
  type PromptFeedbackSummary,
} from '@prst/contracts';
import { RpcClient } from '@prst/messaging';

/** Forwards the feedback routes to the feedback service. */
@Injectable()
export class FeedbackGatewayService {
  constructor(private readonly rpc: RpcClient) {}

  create(request: CreateFeedbackRequest, context: CallerContext): Promise<FeedbackRecord> {
    return this.rpc.request(Subjects.feedback.create, request, context);
  }

  list(request: ListFeedbackRequest, context: CallerContext): Promise<FeedbackPage> {
    return this.rpc.request(Subjects.feedback.list, request, context);
  }

  summary(request: FeedbackSummaryRequest, context: CallerContext): Promise<PromptFeedbackSummary | FeedbackVersionStats> {
    return this.rpc.request(Subjects.feedback.summary, request, context);
  }
}
