import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/core/config.ts';

describe('configuration', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = parseConfig({});
    expect(c.port).toBe(3000);
    expect(c.publicBaseUrl).toBe('http://localhost:3000');
    expect(c.messenger).toBeNull();
    expect(c.zalo).toBeNull();
    expect(c.schedulerEnabled).toBe(true);
    expect(c.tzDefault).toBe('Asia/Ho_Chi_Minh');
    expect(c.logLevel).toBe('info');
    expect(c.host).toBe('0.0.0.0');
    expect(c.trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toBe('10.0.0.0/8, loopback');
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: /],
    [{ MONGODB_URI: 'postgres://x' }, /^MONGODB_URI: /],
    [{ PUBLIC_BASE_URL: 'not a url' }, /^PUBLIC_BASE_URL: /],
    [{ TZ_DEFAULT: 'Mars/Olympus' }, /^TZ_DEFAULT: /],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ SCHEDULER_ENABLED: 'maybe' }, /^SCHEDULER_ENABLED: /],
    [{ ADMIN_TOKEN: 'short' }, /^ADMIN_TOKEN: /],
    [{ TRUST_PROXY: 'maybe' }, /^TRUST_PROXY: /],
    [{ HOST: 'everywhere' }, /^HOST: /],
  ])('rejects %o naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrowError(ConfigError);
    expect(() => parseConfig(env)).toThrowError(message);
  });

  it('turns a channel on only with all of its credentials, and refuses half of them', () => {
    const messenger = { MESSENGER_APP_SECRET: 's', MESSENGER_VERIFY_TOKEN: 'v', MESSENGER_PAGE_ACCESS_TOKEN: 't' };
    expect(parseConfig(messenger).messenger).toMatchObject({ appSecret: 's', apiBase: 'https://graph.facebook.com/v23.0' });
    expect(() => parseConfig({ MESSENGER_APP_SECRET: 's' })).toThrowError(/MESSENGER_VERIFY_TOKEN/);
    expect(() => parseConfig({ ZALO_APP_ID: '1' })).toThrowError(/^ZALO_OA_SECRET_KEY/);
  });

  it('stops `npm start` with exit code 1 and one line naming PORT when PORT=abc', () => {
    const run = spawnSync('npx', ['tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: 'abc', MONGODB_URI: 'mongodb://127.0.0.1:1/' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('npm warn'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
    expect(run.stdout).toBe('');
  });
});
