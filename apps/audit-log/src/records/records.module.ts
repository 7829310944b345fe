import { Module } from '@nestjs/common';
import { ChainModule } from '../chain/chain.module.js';
import { ChainVerifierService } from '../chain/chain-verifier.service.js';
import { CheckpointsModule } from '../checkpoints/checkpoints.module.js';
import { RecordsController } from './records.controller.js';
import { RecordsRepository } from './records.repository.js';
import { RecordsService } from './records.service.js';

/** Query, export and verification of the audit trail over NATS (for the gateway). */
@Module({
  imports: [ChainModule, CheckpointsModule],
  controllers: [RecordsController],
  providers: [RecordsService, RecordsRepository, ChainVerifierService],
})
export class RecordsModule {}
