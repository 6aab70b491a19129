// The one way the console talks to the server: JSON over fetch, the session cookie, the CSRF
// header on every non-GET request, and one error type carrying the server's Chinese message and
// per-field issues.

export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ApiIssue[];
  /** The whole decoded body, for extra fields such as lockedUntil or challengeRequired. */
  readonly body: Record<string, unknown>;

  constructor(status: number, code: string, message: string, issues: ApiIssue[], body: Record<string, unknown>) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.body = body;
  }

  /** A field next to `code` inside `error`, or next to `error` at the top level. */
  detail(key: string): unknown {
    const inner = this.body["error"];
    if (inner && typeof inner === "object" && key in inner) return (inner as Record<string, unknown>)[key];
    return this.body[key];
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: ((code: string) => void) | null = null;

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

/**
 * Called when the server answers 401 UNAUTHENTICATED (session ended or expired) or 403
 * STAGE_REQUIRED (the session still owes a login step, such as a forced password change).
 */
export function setUnauthenticatedHandler(handler: (code: string) => void): void {
  onUnauthenticated = handler;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}${path.includes("?") ? "&" : "?"}${s}` : path;
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await res.json();
    if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>;
  } catch {
    // not JSON: a proxy page or an empty body
  }
  const err = (body["error"] && typeof body["error"] === "object" ? body["error"] : {}) as Record<string, unknown>;
  const code = typeof err["code"] === "string" ? err["code"] : `HTTP_${res.status}`;
  const message =
    typeof err["message"] === "string" && err["message"]
      ? err["message"]
      : res.status === 403
        ? "您没有执行此操作的权限。"
        : res.status === 404
          ? "请求的内容不存在或已被删除。"
          : res.status >= 500
            ? "服务器暂时无法处理请求，请稍后重试。"
            : `请求失败（${res.status}）。`;
  const issues = Array.isArray(err["issues"])
    ? (err["issues"] as unknown[]).flatMap((i) => {
        if (!i || typeof i !== "object") return [];
        const o = i as Record<string, unknown>;
        const path = Array.isArray(o["path"]) ? (o["path"] as unknown[]).join(".") : String(o["path"] ?? "");
        return [{ path, message: String(o["message"] ?? "") }];
      })
    : [];
  return new ApiError(res.status, code, message, issues, body);
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** Do not treat a 401 as "session ended" (used by the who-am-I probe itself). */
  quiet?: boolean;
}

/** Raw request; resolves with the Response when it is 2xx, throws ApiError otherwise. */
export async function rawRequest(path: string, opts: RequestOptions = {}): Promise<Response> {
  const method = opts.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: "same-origin",
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "NETWORK", "无法连接服务器，请检查网络后重试。", [], {});
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (!opts.quiet && (res.status === 401 && err.code === "UNAUTHENTICATED") || err.code === "STAGE_REQUIRED") onUnauthenticated?.(err.code);
    throw err;
  }
  return res;
}

/** JSON request; the `status` of the answer is kept for the 201/202 distinction. */
export async function requestWithStatus<T>(path: string, opts: RequestOptions = {}): Promise<{ status: number; data: T }> {
  const res = await rawRequest(path, opts);
  if (res.status === 204) return { status: 204, data: undefined as T };
  const text = await res.text();
  const data = (text ? JSON.parse(text) : undefined) as T;
  if (data && typeof data === "object" && "csrfToken" in data) {
    const t = (data as { csrfToken?: unknown }).csrfToken;
    if (typeof t === "string") setCsrfToken(t);
  }
  return { status: res.status, data };
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  return (await requestWithStatus<T>(path, opts)).data;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>(path, { method: "POST", body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>(path, { method: "PUT", body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => request<T>(path, { method: "PATCH", body: body ?? {} }),
  del: <T>(path: string, body?: unknown) => request<T>(path, { method: "DELETE", body }),
};

/**
 * Uploads one file as multipart form data (field `file`), with the CSRF header. The browser sets
 * the multipart boundary itself, so no content-type is given here.
 */
export async function uploadFile<T>(path: string, file: File | Blob, filename?: string, signal?: AbortSignal): Promise<T> {
  const form = new FormData();
  form.append("file", file, filename ?? (file instanceof File ? file.name : "file"));
  const headers: Record<string, string> = { accept: "application/json" };
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method: "POST", headers, body: form, credentials: "same-origin", signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "NETWORK", "无法连接服务器，请检查网络后重试。", [], {});
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 413 && err.code.startsWith("HTTP_")) {
      throw new ApiError(413, "PAYLOAD_TOO_LARGE", "文件超过大小限制，未保存。", [], {});
    }
    if ((res.status === 401 && err.code === "UNAUTHENTICATED") || err.code === "STAGE_REQUIRED") onUnauthenticated?.(err.code);
    throw err;
  }
  return (await res.json()) as T;
}

function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain?.[1]?.trim() || fallback;
}

/** Downloads a file answer (xlsx, csv) through fetch so that errors are shown, not navigated to. */
export async function download(path: string, fallbackName: string, query?: Query): Promise<void> {
  const res = await rawRequest(path, { query });
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filenameFrom(res.headers.get("content-disposition"), fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.message) return e.message;
  return "操作失败，请稍后重试。";
}
