import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, describeEnv, loadEnv } from './load-env.js';
import { envVar } from './env-var.js';

const schema = {
  PORT: envVar.int({ description: 'port', default: 8080, min: 1, max: 65535 }),
  SECRET: envVar.string({ description: 'a secret', sensitive: true, minLength: 8 }),
  MODE: envVar.oneOf(['a', 'b'] as const, { description: 'mode', default: 'a' }),
};

describe('loadEnv', () => {
  it('applies defaults and parses values when all are valid', () => {
    const values = loadEnv('svc', schema, { SECRET: 'long-enough', PORT: '9000' });
    assert.deepEqual(values, { PORT: 9000, SECRET: 'long-enough', MODE: 'a' });
  });

  it('lists every problem at once when several variables are bad', () => {
    assert.throws(
      () => loadEnv('svc', schema, { PORT: 'x', MODE: 'c' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 3);
        assert.match(error.message, /PORT must be an integer/);
        assert.match(error.message, /SECRET is required/);
        assert.match(error.message, /MODE must be one of: a, b/);
        return true;
      },
    );
  });

  it('never echoes a rejected secret value', () => {
    assert.throws(() => loadEnv('svc', schema, { SECRET: 'short' }), (error: Error) => !error.message.includes('short'));
  });
});

describe('describeEnv', () => {
  it('masks sensitive values', () => {
    const values = loadEnv('svc', schema, { SECRET: 'hunter2-hunter2' });
    const lines = describeEnv(schema, values);
    assert.ok(lines.includes('SECRET=********'));
    assert.ok(!lines.join('\n').includes('hunter2'));
  });
});
