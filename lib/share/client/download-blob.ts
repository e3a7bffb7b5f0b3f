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
