import { Module } from '@nestjs/common';
import { ChainModule } from '../chain/chain.module.js';
import { CheckpointService } from './checkpoint.service.js';
import { CheckpointStore } from './checkpoint.store.js';

/** Signed checkpoints of the chain head in the NATS KV bucket PRST_AUDIT_CHECKPOINTS. */
@Module({ imports: [ChainModule], providers: [CheckpointStore, CheckpointService], exports: [CheckpointStore, CheckpointService] })
export class CheckpointsModule {}
