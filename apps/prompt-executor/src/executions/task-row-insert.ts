import type { EntityMetadata } from 'typeorm';

/**
 * One task row as a plain parameterised INSERT, built from the entity's column metadata: the sync
 * hot path records a task per call, and TypeORM's insert pipeline cost more CPU than the SQL itself.
 * Properties left undefined take their column default; jsonb values are sent as JSON text.
 */
export function taskRowInsert(metadata: EntityMetadata, row: Record<string, unknown>, firstParameter = 1): { columns: string; placeholders: string; values: unknown[] } {
  const columns: string[] = [];
  const placeholders: string[] = [];
  const values: unknown[] = [];
  for (const column of metadata.columns) {
    const value = row[column.propertyName];
    if (value === undefined) continue;
    columns.push(`"${column.databaseName}"`);
    if (typeof value === 'function') {
      // A raw SQL expression, as in TypeORM (e.g. () => 'now()').
      placeholders.push((value as () => string)());
      continue;
    }
    const json = column.type === 'jsonb' || column.type === 'json';
    values.push(json && value !== null ? JSON.stringify(value) : value);
    placeholders.push(`$${firstParameter + values.length - 1}${json ? '::jsonb' : ''}`);
  }
  return { columns: columns.join(', '), placeholders: placeholders.join(', '), values };
}
