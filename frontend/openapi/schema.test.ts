import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const frontend = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('generated API types', () => {
  it('src/api/schema.d.ts is what openapi-typescript generates from openapi/v1.json (else run `npm run api:types`)', () => {
    // The same command as `npm run api:types:check`, so the check and the generator never disagree on options.
    const run = spawnSync('npm', ['run', '--silent', 'api:types:check'], { cwd: frontend, encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/not up-to-date/);
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  }, 60_000);
});
