// Applies this service's migrations and exits (no NATS): the chart's migration Job runs it before upgrades.
import 'reflect-metadata';
import { runService } from '@prst/messaging';
import { migrateOnly } from '@prst/persistence';
import { migrations } from './migrations/index.js';

runService('feedback', () => migrateOnly('feedback', migrations));
