/**
 * Files the analyst picked in this tab, by the dataset id they were registered as. Loading such a dataset into
 * Python mounts the picked File itself (on the analyst's disk; no download, no copy), as long as it has the size the
 * catalog recorded. Page memory only: a reload forgets them, and the dataset is then loaded from storage.
 */
const picked = new Map<string, File>();

export function rememberPickedFile({ id, file }: { id: string; file: File }): void {
  picked.set(id, file);
}

export function pickedFile({ id, size }: { id: string; size: number }): File | null {
  const file = picked.get(id);
  return file && file.size === size ? file : null;
}

export function forgetPickedFile({ id }: { id: string }): void {
  picked.delete(id);
}
