/**
 * The public API as a list: every name exported from `src/index.ts` (the package's one entry) with
 * its kind, and for interfaces, classes and object types the public members, inherited ones
 * included, so that moving fields into a shared base interface leaves the report unchanged.
 * `npm run api-report` rewrites `docs/api-report.txt`; test/docs/api-report.test.ts fails when an
 * entry of the committed report is gone (a removal or rename) or the report is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The committed report's path. */
export const API_REPORT_PATH = join(root, 'docs', 'api-report.txt');

/** Public (not private, protected or #private) member names of a type, sorted. */
function publicMembers(checker: ts.TypeChecker, type: ts.Type): string[] {
  const names: string[] = [];
  for (const p of checker.getPropertiesOfType(type)) {
    if (p.name.startsWith('#') || p.name.startsWith('__')) continue;
    const decl = p.valueDeclaration ?? p.declarations?.[0];
    if (decl && ts.getCombinedModifierFlags(decl as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
    names.push(p.name);
  }
  return names.sort();
}

/** One line per export (`kind name`) and per public member (`kind name.member`), sorted. */
export function apiReport(): string[] {
  const entry = join(root, 'src', 'index.ts');
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const lines: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const sym = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const name = exported.name;
    const f = sym.flags;
    if (f & ts.SymbolFlags.Class) {
      lines.push(`class ${name}`);
      for (const m of publicMembers(checker, checker.getDeclaredTypeOfSymbol(sym))) lines.push(`class ${name}.${m}`);
      const statics = publicMembers(checker, checker.getTypeOfSymbol(sym)).filter((m) => m !== 'prototype');
      for (const m of statics) lines.push(`class ${name}.static ${m}`);
    } else if (f & ts.SymbolFlags.Interface) {
      lines.push(`interface ${name}`);
      for (const m of publicMembers(checker, checker.getDeclaredTypeOfSymbol(sym))) lines.push(`interface ${name}.${m}`);
    } else if (f & ts.SymbolFlags.TypeAlias) {
      lines.push(`type ${name}`);
      const t = checker.getDeclaredTypeOfSymbol(sym);
      const listMembers = t.flags & ts.TypeFlags.Object && !checker.isArrayType(t) && !checker.isTupleType(t); // not an array's methods
      if (listMembers) for (const m of publicMembers(checker, t)) lines.push(`type ${name}.${m}`);
    } else if (f & ts.SymbolFlags.Function) {
      lines.push(`function ${name}`);
    } else if (f & ts.SymbolFlags.Enum) {
      lines.push(`enum ${name}`);
    } else if (f & ts.SymbolFlags.Variable) {
      lines.push(`const ${name}`);
    } else {
      lines.push(`other ${name}`);
    }
  }
  return [...new Set(lines)].sort();
}

/** The committed report's lines. */
export function committedApiReport(): string[] {
  return readFileSync(API_REPORT_PATH, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const lines = apiReport();
  const header = '# The public API of mirkit (src/index.ts): `npm run api-report` writes this file; test/docs/api-report.test.ts checks it.\n';
  writeFileSync(API_REPORT_PATH, header + lines.join('\n') + '\n');
  console.log(`wrote docs/api-report.txt: ${lines.length} lines`);
}
