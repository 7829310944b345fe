export * from './apps.js';
export * from './subjects.js';
export * from './context.js';
export * from './errors.js';
export * from './health/health.messages.js';
export * from './version.js';
export * from './streams.js';
