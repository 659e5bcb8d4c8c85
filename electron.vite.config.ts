import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * The index.html CSP is the production one. Vite's dev server injects styles and opens an HMR
 * socket, so only under `electron-vite dev` is the policy relaxed for exactly those two things.
 */
function devCspRelaxation(): Plugin {
  return {
    name: 'gil-lab-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html: string) =>
      html
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*"),
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The browser-mode server and the worker entries are built beside the Electron main
        // bundle, so both shells run the same compiled engine and find workers at ./workers.
        input: {
          index: resolve('src/main/index.ts'),
          server: resolve('src/server/index.ts'),
          cli: resolve('src/cli/index.ts'),
          'workers/sampler': resolve('src/core/monitor/sampler-worker.ts'),
          'workers/task': resolve('src/core/pool/task-worker.ts'),
          'workers/session-codec': resolve('src/core/sessions/session-codec-worker.ts'),
          'workers/thread-sampler': resolve('src/core/python/thread-sampler-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // A sandboxed preload must be CommonJS; the package is "type": "module", hence .cjs.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      rollupOptions: { input: resolve('src/renderer/index.html') },
    },
    plugins: [vue(), devCspRelaxation()],
  },
});
