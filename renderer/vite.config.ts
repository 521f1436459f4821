import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * One HTML page per screen, each loading only its own code: a TV browser showing the hall display
 * never downloads the admin's charts. The hub serves /<page> from <page>.html (electron/hub/api/pages.ts,
 * electron/main/appProtocol.ts); `index` is the page at /.
 */
const PAGES = ['index', 'kiosk', 'counter', 'display', 'admin', 'setup', 'survey'] as const;

/**
 * Writes a .br and a .gz beside every text file of the build, at the highest levels, once: the hub
 * sends them as they are (@fastify/static preCompressed) instead of compressing on each request.
 */
function precompress(): Plugin {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
  let outDir = '';
  return {
    name: 'antre-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      for (const file of files(outDir).filter((f) => /\.(js|css|html|svg|json)$/.test(f))) {
        const data = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Old TV browsers (about Chrome 90) must run the display page.
    target: 'chrome90',
    rolldownOptions: {
      input: Object.fromEntries(PAGES.map((page) => [page, join(here, `${page}.html`)])),
    },
  },
});
