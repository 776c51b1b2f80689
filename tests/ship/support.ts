/**
 * What the store-package checks share: where the build and `npm run zip` put their output (the
 * same DONENESS_OUT the build used), the manifests, and the zips read with JSZip.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const OUT = path.resolve(ROOT, process.env.DONENESS_OUT ?? '.output');
export const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

export interface Manifest {
  version: string;
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: Array<{ matches?: string[] }>;
  [key: string]: unknown;
}

/** The built manifest of one browser (`chrome-mv3`, `firefox-mv3`). */
export function builtManifest(target: 'chrome-mv3' | 'firefox-mv3', out = OUT): Manifest {
  const file = path.join(out, target, 'manifest.json');
  if (!existsSync(file)) throw new Error(`no build at ${file}: run the build first`);
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** Every permission a manifest asks for, by kind. */
export function permissionsOf(manifest: Manifest): Array<{ name: string; kind: string }> {
  return [
    ...(manifest.permissions ?? []).map((name) => ({ name, kind: 'permission' })),
    ...(manifest.optional_permissions ?? []).map((name) => ({ name, kind: 'optional permission' })),
    ...(manifest.host_permissions ?? []).map((name) => ({ name, kind: 'host permission' })),
    ...(manifest.optional_host_permissions ?? []).map((name) => ({ name, kind: 'optional host permission' })),
  ];
}

/** The hosts the content script is declared for. */
export function contentScriptHosts(manifest: Manifest): string[] {
  return [...new Set((manifest.content_scripts ?? []).flatMap((c) => c.matches ?? []))];
}

/** The files of a zip, by path, as bytes. */
export async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir) files.set(entry.name, await entry.async('nodebuffer'));
  }
  return files;
}
