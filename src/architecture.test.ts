/**
 * The folder rules of docs/architecture.md, checked on every source file (tests and test
 * helpers excluded): which folders each folder may import, which packages it may use, and that
 * the rules themselves run one way (no folder reaches back to one that imports it). A new
 * folder fails here until it is given its place.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;

/** Folders (core by its subfolders) and the folders each may import besides itself. */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  'core/text': [],
  'core/labels': [],
  'core/identifiers': [],
  'core/tokenize': ['core/text'],
  'core/crf': ['core/labels'],
  'core/windows': ['core/labels', 'core/text'],
  'core/spans': ['core/labels', 'core/text'],
  'core/redact': ['core/identifiers', 'core/text'],
  'core/bundle': ['core/crf', 'core/labels', 'core/text', 'core/tokenize'],
  // core/adapt: the on-device adaptation's fit (the pipeline's batch type only)
  'core/adapt': ['core', 'core/bundle', 'core/crf', 'core/labels', 'core/tokenize'],
  // core/pipeline.ts: the pipeline over the core's parts
  core: ['core/bundle', 'core/crf', 'core/labels', 'core/spans', 'core/text', 'core/tokenize', 'core/windows'],
  runtime: ['core'],
  annotation: ['core'],
  formats: ['annotation', 'core'],
  storage: ['annotation', 'core'],
  view: ['core'],
  models: ['core', 'runtime', 'view'],
  worker: ['core', 'runtime', 'models'],
  workspace: ['annotation', 'core', 'formats', 'models', 'storage', 'view', 'worker'],
  app: ['annotation', 'core', 'formats', 'models', 'runtime', 'storage', 'view', 'worker', 'workspace'],
  eval: ['annotation', 'core', 'formats', 'runtime'],
  // the CLI finds the built-in bundles in public/models
  cli: ['annotation', 'core', 'eval', 'formats', 'models', 'runtime', '../public/models'],
  '.': ['app'],
};

/** Packages each folder may use (a folder not named here: none). The core stays pure: no ONNX Runtime, React, DOM storage or Node. */
const MAY_USE: Readonly<Record<string, readonly string[]>> = {
  'core/tokenize': ['@huggingface/tokenizers'],
  'core/identifiers': ['ipaddr.js', 'libphonenumber-js'],
  runtime: ['onnxruntime-web', 'onnxruntime-node', 'node:'],
  storage: ['idb'],
  models: ['fflate', 'react'],
  view: ['react'],
  worker: ['react'],
  workspace: ['react'],
  app: ['react', 'react-dom', 'virtual:pwa-register'],
  eval: ['node:'],
  // tsx: the CLI's worker threads run the TypeScript sources
  cli: ['node:', 'tsx'],
  '.': ['react', 'react-dom'],
};

const isTestFile = (name: string) => /\.test\.tsx?$|^test-[\w-]+\.ts$|^fixtures\.ts$/.test(name);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name.startsWith('__') ? [] : sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(name) && !isTestFile(name) ? [path] : [];
  });
}

/** The rule folder of a path under src/: core by its subfolder, the rest by their top folder, '.' for src itself. */
function folderOf(pathInSrc: string): string {
  const parts = pathInSrc.split(sep);
  if (parts.length === 1) return '.';
  if (parts[0] === 'core' && parts.length > 2) return `core/${parts[1]}`;
  return parts[0];
}

/** Every module a file names: static and dynamic imports, re-exports, and workers and assets by `new URL(…, import.meta.url)`. */
function specifiersOf(source: string): string[] {
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s+['"]([^'"]+)['"]/gm, /new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]));
}

interface Edge {
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

function edges(): { folders: Edge[]; packages: Edge[] } {
  const folders: Edge[] = [];
  const packages: Edge[] = [];
  for (const path of sourceFiles(SRC)) {
    const file = relative(SRC, path);
    const from = folderOf(file);
    for (const specifier of specifiersOf(readFileSync(path, 'utf8'))) {
      if (specifier.startsWith('.')) {
        const target = relative(SRC, normalize(join(dirname(path), specifier)));
        const to = target.startsWith('..') ? target : statSafe(join(SRC, target))?.isDirectory() ? folderOf(join(target, 'index.ts')) : folderOf(target);
        // outside the core, the core is one folder
        const seen = !from.startsWith('core') && to.startsWith('core/') ? 'core' : to;
        if (seen !== from) folders.push({ file, from, to: seen });
      } else packages.push({ file, from, to: specifier });
    }
  }
  return { folders, packages };
}

function statSafe(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

const { folders, packages } = edges();

describe('the folder rules (docs/architecture.md)', () => {
  it('gives every folder of src a place', () => {
    const present = new Set(sourceFiles(SRC).map((path) => folderOf(relative(SRC, path))));
    expect([...present].filter((folder) => !(folder in MAY_IMPORT))).toEqual([]);
  });

  it('imports only the folders each folder may import', () => {
    const broken = folders.filter(({ from, to }) => !MAY_IMPORT[from]?.includes(to)).map(({ file, to }) => `${file} imports ${to}`);
    expect(broken).toEqual([]);
  });

  it('uses only the packages each folder may use (the core: no ONNX Runtime, React, IndexedDB or Node)', () => {
    const allowed = (from: string, name: string) => (MAY_USE[from] ?? []).some((prefix) => name === prefix || name.startsWith(prefix.endsWith(':') ? prefix : `${prefix}/`));
    const broken = packages.filter(({ from, to }) => !allowed(from, to)).map(({ file, to }) => `${file} uses ${to}`);
    expect(broken).toEqual([]);
  });

  it('has rules that run one way: no folder can reach back to itself', () => {
    const cycles: string[] = [];
    const visit = (folder: string, path: string[]) => {
      for (const next of MAY_IMPORT[folder] ?? []) {
        if (path.includes(next)) cycles.push([...path, next].join(' -> '));
        else visit(next, [...path, next]);
      }
    };
    for (const folder of Object.keys(MAY_IMPORT)) visit(folder, [folder]);
    expect(cycles).toEqual([]);
  });

  it('sees the imports it checks (a rule test that reads nothing would pass anything)', () => {
    // known edges of this codebase, one per kind of specifier the scan reads
    const has = (file: string, to: string) => folders.some((edge) => edge.file === join(...file.split('/')) && edge.to === to);
    expect(has('app/App.tsx', 'workspace')).toBe(true); // static import
    expect(has('worker/ner.worker.ts', 'runtime')).toBe(true);
    expect(packages.some((edge) => edge.file === join('runtime', 'ort-web.ts') && edge.to === 'onnxruntime-web')).toBe(true); // dynamic import
    expect(specifiersOf("const w = new Worker(new URL('../worker/ner.worker.ts', import.meta.url));")).toEqual(['../worker/ner.worker.ts']);
  });
});
