import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AttemptOutcome = 'sent' | 'retry' | 'failed';

/** One delivery attempt, kept for every try so operators can see what happened. */
@Entity({ name: 'delivery_attempts', schema: 'support' })
export class DeliveryAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'ticket_id' })
  ticketId: string;

  @Column('integer')
  attempt: number;

  @Column('timestamptz', { name: 'attempted_at' })
  attemptedAt: Date;

  @Column('integer', { name: 'duration_ms' })
  durationMs: number;

  @Column('text')
  outcome: AttemptOutcome;

  @Column('integer', { name: 'http_status', nullable: true })
  httpStatus: number | null;

  @Column('text', { nullable: true })
  error: string | null;
}
