// End-to-end tests: the built server serving the built PWA, driven in Debian's Chromium (Playwright's own
// browser download cannot work offline), with WebGPU through SwiftShader.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { findChromium } from './scripts/find-chromium.mjs';
import { E2E_MODEL_STORE } from './e2e/paths.ts';

const port = Number(process.env.E2E_PORT ?? 3199);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    launchOptions: {
      executablePath: findChromium() ?? undefined,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--enable-unsafe-webgpu',
        '--enable-features=Vulkan',
        '--use-vulkan=swiftshader',
        '--use-webgpu-adapter=swiftshader',
        '--enable-unsafe-swiftshader',
        '--use-gl=angle',
        '--use-angle=swiftshader',
      ],
    },
  },
  webServer: {
    // The model store is prepared first (e2e/prepare-server.ts): Playwright starts this before any globalSetup.
    command: 'npx tsx e2e/prepare-server.ts && node scripts/start.mjs',
    url: `${baseURL}/health`,
    // E2E_REUSE=1 runs the specs against a server you started yourself on E2E_PORT.
    reuseExistingServer: process.env.E2E_REUSE === '1',
    timeout: 240_000,
    stdout: 'pipe',
    env: {
      APP_PORT: String(port),
      // A throwaway secret and database for this run only.
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'companion-e2e-')),
      DATABASE_URL: '',
      REDIS_URL: '',
      LOG_LEVEL: 'warn',
      // The generated test models, installed by e2e/prepare-server.ts as `models pull` would.
      MODELS_DIR: E2E_MODEL_STORE,
    },
  },
});
