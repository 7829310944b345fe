import { Module } from '@nestjs/common';
import { FeedbackController } from './feedback.controller.js';
import { FeedbackRepository } from './feedback.repository.js';
import { FeedbackService } from './feedback.service.js';
import { SentimentAnalyzer } from './sentiment.analyzer.js';
import { TaskLookup } from './task.lookup.js';

@Module({
  controllers: [FeedbackController],
  providers: [FeedbackService, FeedbackRepository, SentimentAnalyzer, TaskLookup],
})
export class FeedbackModule {}
