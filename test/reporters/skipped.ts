/**
 * A vitest reporter that ends the run with the list of skipped tests and why: the reason in the
 * skipping suite's or test's name (`[skipped: ...]`, as `describeShared` writes it), the note of
 * `ctx.skip(note)`, or else the mode (`skip` / `todo`). A suite skipped as a whole is one line.
 */
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';

/** One line per skipped suite or test. */
function skippedLines(module: TestModule): string[] {
  const lines: string[] = [];
  const file = module.relativeModuleId;
  const visit = (node: TestModule | TestSuite): void => {
    for (const child of node.children) {
      if (child.type === 'suite') {
        if (child.state() === 'skipped') lines.push(`${file} > ${child.fullName}${reasonOf(child.name, child.options.mode)}`);
        else visit(child);
      } else {
        const r = child.result();
        if (r.state === 'skipped') lines.push(`${file} > ${child.fullName}${reasonOf(child.name, child.options.mode, r.note)}`);
      }
    }
  };
  visit(module);
  return lines;
}

/** ` (reason)` unless the name already says `[skipped: ...]`. */
function reasonOf(name: string, mode: TestCase['options']['mode'], note?: string): string {
  if (note) return ` (skipped: ${note})`;
  if (name.includes('[skipped')) return '';
  return mode === 'todo' ? ' (todo: a prerequisite of this test is absent)' : ` (${mode ?? 'skip'})`;
}

/** Prints the skipped tests after the default summary. */
export default class SkippedReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const lines = testModules.flatMap(skippedLines);
    if (lines.length === 0) return;
    process.stdout.write(`\n Skipped (${lines.length}):\n${lines.map((l) => `   - ${l}\n`).join('')}\n`);
  }
}
