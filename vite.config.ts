import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The window is a static build: both shells serve dist/renderer (Electron from file, headless over HTTP).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});
