/** An API error as the server shaped it: `{error: {code, message, details}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function apiJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body?.error;
    throw new ApiError(response.status, error?.code ?? 'internal', error?.message ?? `${url} answered ${response.status}`, error?.details);
  }
  return body as T;
}

export function withRange(url: string, range: { from?: number | null; to?: number | null }): string {
  const params = new URLSearchParams();
  if (range.from != null) params.set('from', String(range.from));
  if (range.to != null) params.set('to', String(range.to));
  const query = params.toString();
  return query ? `${url}?${query}` : url;
}
