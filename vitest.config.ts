import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  // The build defines it for the bundle; tests that import the CLI in-process need it too.
  define: { SAMPLE_VERSION: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the built CLI; give slow CI machines room.
    testTimeout: 30_000,
  },
});
