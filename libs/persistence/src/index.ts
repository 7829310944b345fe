export * from './open-data-source.js';
export * from './database-health.check.js';
export * from './persistence.module.js';
export * from './migrate-only.js';
export * from './coalesced-writes.js';
export * from './async-commit-pool.js';
