import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from './cli-error.js';
import { parseDuration, parseOptions } from './options.js';

describe('parseOptions', () => {
  it('reads the command words and kubectl-style flags', () => {
    const options = parseOptions(['audit', 'verify', '-n', 'ops', '--release', 'prod', '-o', 'json']);
    assert.deepEqual(options.command, ['audit', 'verify']);
    assert.equal(options.namespace, 'ops');
    assert.equal(options.release, 'prod');
    assert.equal(options.output, 'json');
  });

  it('defaults to release prst, key apiKey and table output', () => {
    const options = parseOptions(['status']);
    assert.equal(options.release, 'prst');
    assert.equal(options.apiKeySecretKey, 'apiKey');
    assert.equal(options.output, 'table');
    assert.equal(options.namespace, undefined);
  });

  it('rejects unknown flags, bad output formats, bad release names and non-URL servers as usage errors', () => {
    for (const argv of [['status', '--nope'], ['status', '-o', 'yaml'], ['status', '--release', 'Bad_Name'], ['status', '--server', 'gateway:8080']]) {
      assert.throws(() => parseOptions(argv), (error: unknown) => error instanceof UsageError && error.exitCode === 2, argv.join(' '));
    }
  });

  it('drops a trailing slash from --server', () => {
    assert.equal(parseOptions(['status', '--server', 'http://localhost:8080/']).server, 'http://localhost:8080');
  });
});

describe('parseDuration', () => {
  it('reads ms, s, m and bare seconds', () => {
    assert.equal(parseDuration('500ms', 'interval'), 500);
    assert.equal(parseDuration('2s', 'interval'), 2000);
    assert.equal(parseDuration('5m', 'timeout'), 300000);
    assert.equal(parseDuration('3', 'timeout'), 3000);
    assert.throws(() => parseDuration('soon', 'timeout'), UsageError);
  });
});
