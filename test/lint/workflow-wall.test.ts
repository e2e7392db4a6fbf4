import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ESLint } from 'eslint';

const root = path.join(__dirname, '..', '..');
const fixture = readFileSync(path.join(root, 'test/fixtures/lint/workflow-wall.ts.txt'), 'utf8');

/** Lints the fixture as if it lived at `file`, with the project's real ESLint configuration. */
function lintAs(file: string): ESLint.LintResult {
  const run = spawnSync(process.execPath, ['test/helpers/lint-text.mjs', path.join(root, file)], {
    cwd: root,
    input: fixture,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as ESLint.LintResult[];
  if (!result) throw new Error('ESLint returned no result');
  return result;
}

function wallErrorLines(result: ESLint.LintResult): number[] {
  return result.messages
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports' && m.severity === 2)
    .map((m) => m.line);
}

describe('the workflow lint wall', () => {
  it('rejects Node built-ins, I/O layers and provider libraries in workflows/', () => {
    const result = lintAs('workflows/wall-fixture.ts');
    // Lines 3–12 of the fixture are the forbidden imports; 2 and 13–15 are allowed.
    expect(wallErrorLines(result)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const byLine = new Map(result.messages.map((m) => [m.line, m.message]));
    expect(byLine.get(3)).toMatch(/Node built-ins/);
    expect(byLine.get(5)).toMatch(/import type/);
    expect(byLine.get(9)).toMatch(/nodemailer does side effects/);
  });

  it('does not apply outside workflows/', () => {
    expect(wallErrorLines(lintAs('activities/wall-fixture.ts'))).toEqual([]);
  });
});
