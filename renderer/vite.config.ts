import react from '@vitejs/plugin-react';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * One HTML page per screen, each loading only its own code: a TV browser showing the hall display
 * never downloads the admin's charts. The hub serves /<page> from <page>.html (electron/hub/api/pages.ts,
 * electron/main/appProtocol.ts); `index` is the page at /.
 */
const PAGES = ['index', 'kiosk', 'counter', 'admin', 'setup', 'survey'] as const;

/**
 * The hall display runs on TV browsers, often old and slow, where React and ReactDOM alone would
 * be nine tenths of what the page downloads. Its page is built on its own with Preact's React
 * compatibility layer (the same components, hooks and zustand store; ~10 KB of runtime instead
 * of ~68 KB gzipped). The display uses hooks only, which the layer covers; tests/e2e/display.test.ts
 * runs the built page.
 */
const PREACT = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
  { find: /^react$/, replacement: 'preact/compat' },
];

/**
 * Writes a .br and a .gz beside every text file this build emitted, at the highest levels, once:
 * the hub sends them as they are (@fastify/static preCompressed) instead of compressing on each
 * request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'antre-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle(_options, bundle) {
      for (const name of Object.keys(bundle).filter((f) => /\.(js|css|html|svg|json)$/.test(f))) {
        const file = join(outDir, name);
        const data = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
      }
    },
  };
}

/** The highest compression levels take a few seconds, once per build, on purpose: no timing warning. */
const QUIET = { bundlerTimings: false };

/** After the other pages, the display page into the same folder, on Preact. */
function displayOnPreact(): Plugin {
  let outDir = '';
  let nested = false;
  return {
    name: 'antre-display-on-preact',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      if (nested) return;
      nested = true;
      await build({
        configFile: false,
        root: here,
        base: '/',
        logLevel: 'warn',
        publicDir: false,
        resolve: { alias: PREACT },
        plugins: [precompress()],
        // The automatic JSX runtime, taken from preact through the alias above.
        oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
        build: {
          outDir,
          emptyOutDir: false,
          target: 'chrome90',
          rolldownOptions: { input: { display: join(here, 'display.html') }, checks: QUIET },
        },
      });
      // The ticket's phone page (/t/<token>): vanilla TypeScript, built on its own so it shares no
      // chunk with the React pages, for phones of about five years ago (Chrome 80 on Android).
      await build({
        configFile: false,
        root: here,
        base: '/',
        logLevel: 'warn',
        publicDir: false,
        plugins: [precompress()],
        build: { outDir, emptyOutDir: false, target: 'chrome80', rolldownOptions: { input: { phone: join(here, 'phone.html') }, checks: QUIET } },
      });
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), precompress(), displayOnPreact()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Old TV browsers (about Chrome 90) must run the display page.
    target: 'chrome90',
    rolldownOptions: {
      input: Object.fromEntries(PAGES.map((page) => [page, join(here, `${page}.html`)])),
      checks: QUIET,
    },
  },
});
