/** Builds the web console into dist/console; `base: './'` keeps every asset and API call relative (sub-path proxies). */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus)/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'vue', test: /node_modules[\\/](@?vue|vue-router|vue-i18n|@intlify)/ },
          ],
        },
      },
    },
  },
  // `npx vite apps/ledger-console` during development: the API on :3000 answers /v1.
  server: { proxy: { '/v1': 'http://localhost:3000' } },
});
