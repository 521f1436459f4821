// The folder boundaries of docs/ARCHITECTURE.md as a check that fails `npm test`: no import cycle anywhere
// (type-only imports count: a cycle of types is still two modules that cannot be understood apart),
// and each top-level folder imports only what its README says it may.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Modules that import each other, directly or through others: break the circle (a third module, or pass the dependency in).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-is-pure',
      severity: 'error',
      comment: 'shared/ is pure TypeScript used by every side: it imports only shared/ and npm packages that run anywhere (zod).',
      from: { path: '^shared/' },
      to: { pathNot: ['^shared/', '^node_modules/zod/'] },
    },
    {
      name: 'renderer-imports-shared-only',
      severity: 'error',
      comment: 'The renderer runs in a browser: it imports itself, shared/ and browser packages, never the hub, main or central.',
      from: { path: '^renderer/' },
      to: { path: ['^electron/', '^central/', '^tests/', '^scripts/', '^build/'] },
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'plain-node-never-imports-electron',
      severity: 'error',
      comment: 'The hub and the printer run under plain Node (npm run serve, the tests): no electron, no main, no preload.',
      from: { path: '^electron/(hub|printer)/' },
      to: { path: ['^node_modules/electron/', '^electron/main/', '^electron/preload/', '^renderer/', '^central/'] },
    },
    {
      name: 'printer-below-hub',
      severity: 'error',
      comment: 'The printer knows nothing of the queue: the hub uses the printer, never the reverse.',
      from: { path: '^electron/printer/' },
      to: { path: '^electron/hub/' },
    },
    {
      name: 'central-imports-shared-only',
      severity: 'error',
      comment: 'The central server shares only the sync protocol (shared/) with the hub.',
      from: { path: '^central/' },
      to: { path: ['^electron/', '^renderer/'] },
    },
    {
      name: 'preload-is-a-bridge',
      severity: 'error',
      comment: 'The preload exposes the typed IPC contract and nothing else.',
      from: { path: '^electron/preload/' },
      to: { path: ['^electron/(hub|printer|main)/', '^renderer/', '^central/'] },
    },
    {
      name: 'product-never-imports-tests',
      severity: 'error',
      from: { pathNot: '^tests/' },
      to: { path: '^tests/' },
    },
  ],
  options: {
    // Type-only imports are dependencies too (see the cycle rule above).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^\\.cache/', '^data/'] },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'], exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
