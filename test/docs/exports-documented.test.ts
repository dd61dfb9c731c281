/**
 * Every export reachable from src/index.ts carries a doc comment: runs TypeDoc's own converter and
 * validator (the same checks as `npm run docs`, configured by typedoc.json) and lists offenders.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Application, Logger, LogLevel, TSConfigReader, TypeDocReader } from 'typedoc';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Collects TypeDoc's validation warnings instead of printing them. */
class CollectingLogger extends Logger {
  readonly validation: string[] = [];
  readonly errors: string[] = [];
  override validationWarning(text: string): void {
    this.validation.push(String(text));
  }
  override log(message: string, level: LogLevel): void {
    if (level === LogLevel.Error) this.errors.push(message);
  }
}

describe('API documentation', () => {
  it('has a doc comment on every export reachable from src/index.ts (TypeDoc validation)', async () => {
    const app = await Application.bootstrapWithPlugins(
      {
        options: resolve(root, 'typedoc.json'),
        tsconfig: resolve(root, 'tsconfig.json'),
        entryPoints: [resolve(root, 'src/index.ts')],
        // type errors belong to `npm run typecheck`; here only the documentation is judged
        skipErrorChecking: true,
        readme: 'none',
      },
      [new TypeDocReader(), new TSConfigReader()],
    );
    const logger = new CollectingLogger();
    app.logger = logger;
    const project = await app.convert();
    expect(logger.errors, 'TypeDoc conversion errors').toEqual([]);
    expect(project, 'TypeDoc produced no project').toBeDefined();
    app.validate(project!);
    const offenders = logger.validation.map((m) => m.replace(/\s+/g, ' ').trim());
    expect(offenders, `undocumented or unexported API (fix the doc comments):\n${offenders.join('\n')}`).toEqual([]);
  }, 600_000);
});
