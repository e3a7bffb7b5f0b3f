/**
 * Saves generated content as a file through a Blob URL: nothing goes back to the server, and the bytes are exactly
 * what the export builders produced. Browser only.
 */
export function downloadBlob({ content, fileName, type }: { content: BlobPart; fileName: string; type: string }): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download synchronously; revoking on the next tick keeps the URL alive long enough for it.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Base64 (no data: prefix) → bytes, for figures the kernel produced. */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** A name safe on every OS for a downloaded file: letters, digits, dot, dash, underscore; never empty. */
export function safeDownloadName(title: string, fallback = 'analysis'): string {
  const cleaned = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60);
  return cleaned || fallback;
}
