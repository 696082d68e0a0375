/**
 * Files behind the bearer token (attachments, cover letters, history exports) cannot be plain links: the
 * browser would not send the header. They are fetched, then handed to the browser as an object URL.
 */
import { apiFetch } from './client';

function filenameOf(res: Response, fallback: string): string {
  const header = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}

export async function fetchBlob(path: string, query?: Record<string, string>): Promise<{ blob: Blob; filename: string; type: string }> {
  const res = await apiFetch('GET', path, { query });
  const blob = await res.blob();
  return { blob, filename: filenameOf(res, path.split('/').pop() ?? 'file'), type: res.headers.get('content-type') ?? blob.type };
}

/** Saves the file (attachment semantics). */
export async function downloadFile(path: string, query?: Record<string, string>): Promise<void> {
  const { blob, filename } = await fetchBlob(path, query);
  saveBlob(blob, filename);
}

export function saveBytes(bytes: Uint8Array, filename: string): void {
  saveBlob(new Blob([bytes as BlobPart]), filename);
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Opens the file in a new tab (inline semantics: PDF, HTML). */
export async function openFile(path: string, query?: Record<string, string>): Promise<void> {
  // The tab is opened before the await so pop-up blockers see a user gesture.
  const tab = window.open('', '_blank');
  const { blob } = await fetchBlob(path, query);
  const url = URL.createObjectURL(blob);
  if (tab) tab.location.href = url;
  else window.location.href = url;
  setTimeout(() => URL.revokeObjectURL(url), 5 * 60_000);
}

export const bytesToBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};

export const textToBase64 = (text: string): string => bytesToBase64(new TextEncoder().encode(text));
