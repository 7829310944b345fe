import { Module } from '@nestjs/common';
import { ChainModule } from '../chain/chain.module.js';
import { CheckpointsModule } from '../checkpoints/checkpoints.module.js';
import { AuditStreamSetup } from '../stream/audit-stream.setup.js';
import { AuditConsumer } from './audit-consumer.js';
import { DeadLetterPublisher } from './dead-letter.publisher.js';
import { IngestService } from './ingest.service.js';

/** PRST_AUDIT → durable consumer → hash chain, with dead-lettering. */
@Module({
  imports: [ChainModule, CheckpointsModule],
  providers: [AuditStreamSetup, AuditConsumer, IngestService, DeadLetterPublisher],
})
export class IngestModule {}
