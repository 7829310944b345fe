import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DeliveryState = 'pending' | 'sent' | 'failed';

/** The outbox row of one ticket: written with the ticket, worked on by the delivery worker. */
@Entity({ name: 'delivery_jobs', schema: 'support' })
export class DeliveryJobEntity {
  @PrimaryColumn('uuid', { name: 'ticket_id' })
  ticketId: string;

  @Column('text')
  state: DeliveryState;

  @Column('integer')
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at' })
  nextAttemptAt: Date;

  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  /** False until the outcome (sent or failed) is in the audit trail. */
  @Column('boolean', { name: 'outcome_audited' })
  outcomeAudited: boolean;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
