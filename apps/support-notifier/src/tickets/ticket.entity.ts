import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A support ticket as written by a user; its delivery state lives in DeliveryJobEntity. */
@Entity({ name: 'tickets', schema: 'support' })
export class TicketEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  category: string;

  @Column('text')
  description: string;

  @Column('text', { name: 'created_by_type', nullable: true })
  createdByType: string | null;

  @Column('text', { name: 'created_by_id', nullable: true })
  createdById: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
