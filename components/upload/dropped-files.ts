/**
 * The files of a drop, folders included: an engineer drags the folder they copied off the gateway
 * (`scp -r edge-1:/var/log/nginx .`) as often as its files. A folder is walked through the browser's
 * File and Directory Entries API; each file is named by its path inside the drop (edge-1/access.log), so two
 * gateways' access.log stay apart. Hidden files (.DS_Store, editors' swap files) are left out.
 */
export async function droppedFiles(transfer: DataTransfer): Promise<File[]> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.() ?? null);
  // Without entries (an old browser, a synthetic drop), the files as the browser lists them.
  if (entries.every((entry) => entry === null)) return [...transfer.files];
  const files: File[] = [];
  for (const entry of entries) if (entry) await collect(entry, files);
  return files;
}

/** The files picked with a folder chooser (webkitdirectory), named by their path inside it. */
export const pickedFiles = (list: FileList | null): File[] =>
  [...(list ?? [])]
    .map((file) => named(file, file.webkitRelativePath || file.name))
    .filter((file) => !isHidden(file.name))
    .sort((a, b) => a.name.localeCompare(b.name));

async function collect(entry: FileSystemEntry, into: File[]): Promise<void> {
  if (isHidden(entry.name)) return;
  if (isFile(entry)) {
    into.push(named(await new Promise<File>((resolve, reject) => entry.file(resolve, reject)), entry.fullPath.replace(/^\//, '')));
    return;
  }
  if (isDirectory(entry)) for (const child of await readAll(entry)) await collect(child, into);
}

/** A directory's entries: readEntries gives them a batch at a time (100 in Chromium) until it gives none. */
async function readAll(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all.sort((a, b) => a.name.localeCompare(b.name));
    all.push(...batch);
  }
}

const isHidden = (path: string) => path.split('/').some((part) => part.startsWith('.'));
const isFile = (entry: FileSystemEntry): entry is FileSystemFileEntry => entry.isFile;
const isDirectory = (entry: FileSystemEntry): entry is FileSystemDirectoryEntry => entry.isDirectory;

/** The same bytes under a path-like name (no copy: the new File refers to the old one's data). */
const named = (file: File, name: string) => (file.name === name ? file : new File([file], name, { type: file.type, lastModified: file.lastModified }));
