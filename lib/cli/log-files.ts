import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { invalidInput } from '../errors';

/** A file to read: where it is, the name its source gets, and whether it was found in a folder named on the command line. */
export interface LogFile {
  path: string;
  name: string;
  inFolder: boolean;
}

/**
 * The files the command line names, folders walked: `analyze /var/log/nginx` reads every file in it and its
 * subfolders, in path order, each named by its path from the folder's own name (nginx/access.log.2.gz), as the
 * web UI names a dropped folder's files. Hidden files and folders are left out. Every path is checked before
 * the first is read: a typo in the last of five names is said at once, with the name, not after minutes of
 * reading the four before it.
 */
export async function listLogFiles(paths: readonly string[]): Promise<LogFile[]> {
  const lists = [];
  for (const path of paths) {
    const what = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw invalidInput(error.code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${error.code ?? error.message})`, { path });
    });
    if (!what.isDirectory()) {
      lists.push([{ path, name: basename(path), inFolder: false }]);
      continue;
    }
    const files = await walk(path);
    if (files.length === 0) throw invalidInput(`${path}: a folder with no file in it (hidden files are left out)`, { path });
    lists.push(files.map((file) => ({ path: file, name: relative(dirname(path), file), inFolder: true })));
  }
  return lists.flat();
}

async function walk(folder: string): Promise<string[]> {
  const entries = (await readdir(folder, { withFileTypes: true }))
    .filter((entry) => !entry.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
