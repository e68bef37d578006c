import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../..');
const SCHEMA = resolve(ROOT, 'vendor/slack/manifest.schema.1.0.0.json');
const EVENTS_PATH = '/slack/events';

/** The bot scope each Web API method needs, from Slack's method reference. */
const SCOPE_OF_METHOD: Record<string, string | null> = {
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'conversations.open': 'im:write',
  'usergroups.users.list': 'usergroups:read',
  // policy explain marks departed members and guests; access reviews show a holder's kind of account.
  'users.info': 'users:read',
  'views.publish': null,
  // Opening a modal needs a trigger_id, not a scope.
  'views.open': null,
  // WebClient's helper: files.getUploadURLExternal, the upload, files.completeUploadExternal.
  filesUploadV2: 'files:write',
  'auth.test': null,
};

// biome-ignore lint/suspicious/noExplicitAny: the manifest is untyped YAML
const load = (file: string): any => parse(readFileSync(resolve(ROOT, file), 'utf8'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'sandbox' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every `client.<family>.<method>(…)` the product code (not the stand-ins) calls. */
function webApiMethodsCalled(): Set<string> {
  const methods = new Set<string>();
  for (const file of sourceFiles(resolve(ROOT, 'src'))) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/\bclient\.((?:[a-z]+\.)+[a-zA-Z]+)\(/g))
      methods.add(match[1] as string);
    // WebClient helpers that wrap several methods (the family-less calls on the client).
    for (const match of source.matchAll(/\bclient\.(filesUploadV2)\(/g)) methods.add(match[1] as string);
  }
  return methods;
}

describe.each(['manifest.yml', 'manifest.dev.yml'])('%s', (file) => {
  const manifest = load(file);

  it('is valid against Slack’s published manifest schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    expect(validate(manifest) ? [] : validate.errors).toEqual([]);
  });

  it('asks for exactly the scopes the code’s Slack calls need', () => {
    const called = webApiMethodsCalled();
    expect(called.size).toBeGreaterThan(3);
    for (const method of called)
      expect(SCOPE_OF_METHOD, `no known scope for ${method}`).toHaveProperty([method]);
    const needed = new Set([...called].map((m) => SCOPE_OF_METHOD[m]).filter((s): s is string => Boolean(s)));
    needed.add('commands'); // the slash command itself
    expect(new Set(manifest.oauth_config.scopes.bot)).toEqual(needed);
  });

  it('offers /bucket-key with a description, a usage hint and escaped mentions', () => {
    const [command] = manifest.features.slash_commands;
    expect(command).toMatchObject({ command: '/bucket-key', should_escape: true });
    expect(command.description.length).toBeGreaterThan(10);
    expect(command.usage_hint).toContain('create');
  });

  it('enables interactivity, the Home tab and the messages tab, and subscribes to app_home_opened', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
    expect(manifest.features.bot_user.display_name).toBe('bucket-key');
  });
});

describe('manifest.yml (HTTP mode)', () => {
  const manifest = load('manifest.yml');
  const urls = [
    manifest.features.slash_commands[0].url,
    manifest.settings.interactivity.request_url,
    manifest.settings.event_subscriptions.request_url,
  ];

  it('gives interactivity a request URL (Slack rejects it without one; the schema does not)', () => {
    expect(manifest.settings.interactivity.request_url).toMatch(/^https:\/\//);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('sends every request to the one path serverless.yml serves', () => {
    const serverless = readFileSync(resolve(ROOT, 'serverless.yml'), 'utf8');
    expect(serverless).toMatch(new RegExp(`path: ${EVENTS_PATH}\\n`));
    for (const url of urls) expect(new URL(url).pathname).toBe(EVENTS_PATH);
  });
});

describe('manifest.dev.yml (Socket Mode, for npm start against a real workspace)', () => {
  const manifest = load('manifest.dev.yml');
  it('uses Socket Mode and needs no public URL', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(manifest)).not.toMatch(/https?:\/\//);
  });
});
