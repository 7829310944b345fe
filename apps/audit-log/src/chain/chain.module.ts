import { Module } from '@nestjs/common';
import { ChainRepository } from './chain.repository.js';

/** The hash chain in PostgreSQL: serialized appends and ordered reads. */
@Module({ providers: [ChainRepository], exports: [ChainRepository] })
export class ChainModule {}
