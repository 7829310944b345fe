import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RatingType } from '@prst/contracts';

/** One feedback; the table is created by migration 1796314082922. */
@Entity({ name: 'feedback', schema: 'feedback' })
export class FeedbackEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId: string | null;

  @Column({ name: 'user_id', type: 'varchar', nullable: true })
  userId: string | null;

  @Column({ name: 'prompt_id', type: 'varchar', nullable: true })
  promptId: string | null;

  @Column({ name: 'prompt_version', type: 'varchar', nullable: true })
  promptVersion: string | null;

  @Column({ name: 'prompt_version_id', type: 'varchar', nullable: true })
  promptVersionId: string | null;

  @Column({ type: 'varchar', nullable: true })
  source: string | null;

  @Column({ name: 'rating_type', type: 'varchar', nullable: true })
  ratingType: RatingType | null;

  @Column({ name: 'rating_value', type: 'smallint', nullable: true })
  ratingValue: number | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'double precision', nullable: true })
  sentiment: number | null;

  @Column({ name: 'submitted_by_type', type: 'varchar', nullable: true })
  submittedByType: string | null;

  @Column({ name: 'submitted_by_id', type: 'varchar', nullable: true })
  submittedById: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
