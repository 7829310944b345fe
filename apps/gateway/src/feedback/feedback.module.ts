import { Module } from '@nestjs/common';
import { FeedbackController } from './feedback.controller.js';
import { FeedbackGatewayService } from './feedback.service.js';

@Module({
  controllers: [FeedbackController],
  providers: [FeedbackGatewayService],
})
export class FeedbackModule {}
