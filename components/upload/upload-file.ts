import { ApiError } from '../data/api';

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Sends one file as the raw body of `POST /api/incidents/{id}/sources`. XMLHttpRequest rather than fetch
 * because only it reports upload progress; the browser streams the File from disk.
 */
export function uploadFile(
  incidentId: string,
  file: File,
  onProgress: (p: UploadProgress) => void,
  options: { format?: string; logFormat?: string; tz?: string; replaces?: number; redact?: readonly string[]; from?: string; to?: string } = {},
): Promise<unknown> {
  // The file's date tells the year of formats that write none (syslog prefixes).
  const params = new URLSearchParams({ name: file.name, modified: String(file.lastModified || Date.now()) });
  if (options.logFormat) params.set('log_format', options.logFormat);
  else if (options.format) params.set('format', options.format);
  if (options.tz) params.set('tz', options.tz);
  if (options.redact?.length) params.set('redact', options.redact.join(','));
  if (options.from?.trim()) params.set('from', options.from.trim());
  if (options.to?.trim()) params.set('to', options.to.trim());
  if (options.replaces !== undefined) params.set('replaces', String(options.replaces));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/incidents/${incidentId}/sources?${params}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onload = () => {
      let body: { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, body?.error?.code ?? 'internal', body?.error?.message ?? `upload answered ${xhr.status}`, body?.error?.details));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', `the upload of ${file.name} failed: the server could not be reached`));
    xhr.send(file);
  });
}
