import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadEnv } from '@prst/config';
import { supportNotifierEnvSchema, DEFAULT_SUPPORT_API_URL } from './support-notifier-env.js';
import { resolveSupportSettings } from './support-settings.js';

const base = { NATS_USER: 'support-notifier', NATS_PASSWORD: 'pw-123456', DATABASE_URL: 'postgres://x@127.0.0.1/db' };
const load = (extra: Record<string, string>) => loadEnv('support-notifier', supportNotifierEnvSchema, { ...base, ...extra });

describe('resolveSupportSettings', () => {
  it('keeps support off by default, with the https default endpoint on prst.ai', () => {
    const settings = resolveSupportSettings(load({}));
    assert.equal(settings.identity, undefined);
    assert.equal(settings.apiUrl.href, DEFAULT_SUPPORT_API_URL);
    assert.match(settings.apiUrl.hostname, /(^|\.)prst\.ai$/);
  });

  it('turns support on when enabled with organization, license key and root e-mail', () => {
    const settings = resolveSupportSettings(
      load({ SUPPORT_ENABLED: 'true', ORGANIZATION: 'Acme', LICENSE_KEY: 'lic-123456', ROOT_EMAIL: 'root@acme.test' }),
    );
    assert.deepEqual(settings.identity, { organization: 'Acme', licenseKey: 'lic-123456', rootEmail: 'root@acme.test' });
  });

  it('refuses SUPPORT_ENABLED=true naming every missing variable', () => {
    assert.throws(
      () => resolveSupportSettings(load({ SUPPORT_ENABLED: 'true', ORGANIZATION: 'Acme' })),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /LICENSE_KEY is required when SUPPORT_ENABLED=true/);
        assert.match(error.message, /ROOT_EMAIL is required when SUPPORT_ENABLED=true/);
        assert.doesNotMatch(error.message, /ORGANIZATION is required/);
        return true;
      },
    );
  });

  it('refuses a plain-http endpoint and one carrying credentials', () => {
    assert.throws(() => load({ SUPPORT_API_URL: 'http://support.prst.ai/x' }), /SUPPORT_API_URL must use one of: https/);
    assert.throws(() => resolveSupportSettings(load({ SUPPORT_API_URL: 'https://u:p@support.prst.ai/x' })), /user name or password/);
  });
});
