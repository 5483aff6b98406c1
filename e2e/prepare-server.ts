// Run before the e2e server starts (playwright.config.ts webServer command): Playwright starts its webServer
// before any globalSetup, and the server reads MODELS_DIR/.catalog once at start, so the store must be ready first.
import globalSetup from './global-setup.ts';

await globalSetup();
