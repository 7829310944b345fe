export * from './http.js';
export * from './auth.js';
export * from './audit-stream.js';
export * from './secret-scan.js';
