/**
 * The layering docs/architecture.md describes, enforced in `npm test` (`npm run deps`).
 * Dependencies point inward: domain ← ports ← adapters / services ← slack, worker ← entrypoints.
 */

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds the rules; it imports nothing of ours outside domain/.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'ports-only-domain',
      comment: 'ports/ are the interfaces services need; they may use domain types and nothing else of ours.',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { path: '^src/', pathNot: '^src/(domain|ports)/' },
    },
    {
      name: 'adapters-below-services',
      comment: 'adapters implement ports; they never reach up into use cases or Slack wiring.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(services|slack|worker|entrypoints)/' },
    },
    {
      name: 'services-use-ports-not-adapters',
      comment: 'use cases run against any adapter: they see ports only.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/(adapters|entrypoints|sandbox)/' },
    },
    {
      name: 'services-never-import-slack',
      comment:
        'Use cases return outcomes, or speak through the Notifier port; the Slack layer renders them. No service imports src/slack/ or the Slack adapter.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/(slack|adapters/slack)/' },
    },
    {
      name: 'builders-belong-to-the-slack-layer',
      comment: 'slack/messages/ is imported by the Slack layer (and the worker that answers for it) only.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(slack|worker|sandbox)/' },
      to: { path: '^src/slack/messages/' },
    },
    {
      name: 'worker-composes-from-above',
      comment: 'worker/ joins a verified signed job to the services; nothing below it knows it exists.',
      severity: 'error',
      from: { path: '^src/(domain|ports|adapters|services|slack)/' },
      to: { path: '^src/worker/' },
    },
    {
      name: 'builders-are-pure',
      comment: 'Block Kit builders render domain values; they call no service, adapter or Slack client.',
      severity: 'error',
      from: { path: '^src/slack/messages/' },
      to: { path: '^src/', pathNot: '^src/(domain|ports|slack/messages)/' },
    },
    {
      name: 'sandbox-stays-local',
      comment: 'The stand-ins exist for local runs and tests; only entry points (npm start) may know them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(sandbox|entrypoints)/' },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // typescript@7 (the native compiler) has no JavaScript API for dependency-cruiser; swc parses instead.
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs'] },
    // Only our own source is judged: packages are not followed.
    exclude: { path: 'node_modules' },
  },
};
