/**
 * Messages between the page (useModelStore.ts) and the install worker (install.worker.ts).
 * One worker per install: it reads the input, checks the bundle (JSON + an ONNX session and one
 * trial analysis), stores it, answers `installed` or `failed`, and is then terminated.
 */
import type { InstalledModel } from './model-store';

/** A file as the page has it: a File (read in the worker) and its path in the folder, if any. */
export interface GivenFile {
  readonly path: string;
  readonly file: Blob;
}

export type InstallSource =
  | { readonly kind: 'files'; readonly files: readonly GivenFile[]; readonly label: string }
  /** `url`: absolute, resolved against the page's address (the worker's own is its script's); `label`: as typed. */
  | { readonly kind: 'url'; readonly url: string; readonly label: string };

export interface InstallRequest {
  readonly type: 'install';
  readonly source: InstallSource;
}

/** Where an install stands, as data (the page puts it into words, in its language). */
export type InstallStep =
  | { readonly kind: 'starting' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'opening'; readonly file: string }
  | { readonly kind: 'storing' }
  | { readonly kind: 'reading'; readonly files: number }
  | { readonly kind: 'downloading'; readonly file: string; readonly loaded: number; readonly total: number | null };

export type InstallReply =
  | { readonly status: 'progress'; readonly step: InstallStep }
  | { readonly status: 'installed'; readonly model: InstalledModel; readonly replaced: boolean }
  | { readonly status: 'failed'; readonly message: string };
