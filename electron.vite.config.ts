import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      // jose is ESM-only: requiring it from app.asar at run time is known to fail in Electron,
      // so it goes into the bundle. Every other dependency stays a require() of node_modules.
      externalizeDeps: { exclude: ['jose'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The headless entry (serve + CLI) runs under plain Node from the same build.
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload cannot require packages: bundle everything it uses (zod included).
    build: { externalizeDeps: false },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      // The same bundle is served to browsers in serve mode: ship it minified.
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
    plugins: [react()],
  },
})
