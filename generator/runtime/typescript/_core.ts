/**
 * HTTP core of a generated TypeScript client: auth, retries, errors, parsing, the key's scope.
 * Copied verbatim by apigen (the per-API values arrive as `Settings` from `client.ts`). No
 * runtime dependencies: the global `fetch` (Node >= 20, browsers, Deno, Bun) or the caller's.
 *
 * It declares the few web types it uses structurally instead of relying on the DOM library or
 * `@types/node`, so a project type-checks it whichever of those it has (or neither).
 */

/** The per-API values `client.ts` passes in. */
export interface Settings {
  readonly regions: Readonly<Record<string, string>>;
  readonly defaultRegion: string;
  /** The environment variable the API key defaults to. */
  readonly apiKeyEnv: string;
  /** The environment variable that gives the base URL when neither `baseUrl` nor `region` is. */
  readonly apiUrlEnv?: string;
  readonly userAgent: string;
  /** The name errors of no more specific class carry (the configured `error_class`). */
  readonly errorClass: string;
  /** role (`project`, `environment`) -> its path parameter, for error messages. */
  readonly pathVariables: Readonly<Record<string, string>>;
  /** The path answering the key's own scope (`{ project_id, environment_id }`); "" for none. */
  readonly scopePath: string;
  /**
   * How requests carry the key: `bearer`, `basic` (the key is `user:password`) or `apikey`,
   * in a `header`, the `query` or a `cookie` of that `name`; null: no credentials.
   */
  readonly auth?: AuthSettings | null;
  /** The other security schemes operations use (an operation names its own), by scheme name. */
  readonly schemes?: Readonly<Record<string, AuthSettings>>;
}

/** A security scheme, as the client sends it. */
export interface AuthSettings {
  readonly kind: "bearer" | "basic" | "apikey";
  readonly in: "header" | "query" | "cookie";
  readonly name: string;
}

const BEARER: AuthSettings = { kind: "bearer", in: "header", name: "Authorization" };

/** An AbortSignal, as far as this client uses one (DOM's and Node's both fit). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

interface Reader {
  read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>;
  cancel(reason?: unknown): Promise<void>;
}

/** Base64 of a string's UTF-8 bytes (HTTP basic), with no dependency on Buffer or btoa. */
function base64(value: string): string {
  const bytes = new runtime.TextEncoder().encode(value);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63]! : "=";
    out += i + 2 < bytes.length ? alphabet[n & 63]! : "=";
  }
  return out;
}

/** The part of a fetch `Response` this client reads. */
export interface FetchResponse {
  readonly status: number;
  readonly headers: {
    get(name: string): string | null;
    forEach(callback: (value: string, key: string) => void): void;
  };
  readonly body: { getReader(): Reader } | null;
  /** "opaqueredirect" for a redirect a browser's fetch does not show (status 0). */
  readonly type?: string;
}

/** What this client passes to fetch. */
export interface FetchInit {
  method?: string;
  headers?: unknown;
  body?: unknown;
  signal?: unknown;
  /** Always "manual": a redirect is an answer, never followed with the key (see #attempt). A
   * string, so that every fetch's own init type (DOM's, undici's) fits FetchLike. */
  redirect?: string;
}

/** A fetch function: the global one, or the caller's (a mock, undici, a proxying fetch). */
export type FetchLike = {
  // a method, so that fetch functions with wider parameter types fit (DOM's, Node's, undici's)
  bivariant(input: string, init?: FetchInit): Promise<FetchResponse>;
}["bivariant"];

/**
 * When a request is sent again, as well-behaved SDKs do it ("POST is excluded by default as it
 * may not be idempotent"; the sources: apigen's docs/typescript-client.md). 429 and 408 for every method; 5xx and network errors only for GET, HEAD, OPTIONS,
 * PUT and DELETE unless `retryNonIdempotent`. The wait is the server's `Retry-After` when it
 * sends one, else `backoffMs * 2 ** attempt`, both capped at `maxBackoffMs`; at most
 * `maxAttempts` requests in all.
 */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly retryNonIdempotent: boolean;
}

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  maxAttempts: 3,
  backoffMs: 500,
  maxBackoffMs: 30_000,
  retryNonIdempotent: false,
});

const IDEMPOTENT: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const ANY_METHOD_STATUSES: ReadonlySet<number> = new Set([408, 429]);
const IDEMPOTENT_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);
const MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

export interface ClientOptions {
  /** Defaults to the API key environment variable the configuration names. */
  apiKey?: string;
  /** One of the API's regions; ignored when `baseUrl` is given. */
  region?: string;
  baseUrl?: string;
  /** Fills the project path parameter when a call leaves it out. */
  project?: string;
  /** Fills the environment path parameter when a call leaves it out. */
  environment?: string;
  /** The longest one attempt may take, its body included (default 30 s). */
  timeoutMs?: number;
  /** The longest a call may take across its retries (default 120 s; `Infinity`: no limit): no
   * attempt starts, and no attempt runs, past it. */
  deadlineMs?: number;
  retry?: Partial<RetryPolicy>;
  fetch?: FetchLike;
  /** Answers larger than this are not read further (default 50 MiB). */
  maxResponseBytes?: number;
  /** Keys for the operations whose security scheme is not the API's default, by scheme name
   * (default: `apiKey`). */
  apiKeys?: Readonly<Record<string, string>>;
}

/** An answer with its status and headers (header names in lower case) beside the body: e.g.
 * 201 when a PUT created the object, 200 when it existed (how an official SDK tells a created
 * object from a replaced one). */
export interface ApiResponse<T> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly data: T;
}

/** One request, as a generated method describes it. */
export interface RequestSpec {
  method: string;
  /** A template with `{name}` placeholders, filled from `pathParams`. */
  path: string;
  pathParams?: Readonly<Record<string, unknown>>;
  query?: Readonly<Record<string, unknown>>;
  headers?: Readonly<Record<string, unknown>>;
  cookies?: Readonly<Record<string, unknown>>;
  body?: unknown;
  hasBody?: boolean;
  /** The operation declares a JSON answer: a success answer without one is an error. */
  expectJson?: boolean;
  /** A POST that only reads (the PDP's permission checks): retried like a GET. */
  readOnly?: boolean;
  /** false: the operation takes no credentials (`security: []`), none are sent. */
  credentials?: boolean;
  /** The operation's own security scheme (one of the settings' `schemes`), if not the API's. */
  scheme?: string;
  signal?: AbortSignalLike | undefined;
}

/** An HTTP error answer: status, method, URL (without its query) and the parsed body;
 * `errorCode` and `title` are the body's own (an error answer's `error_code` and `title`
 * fields, where the API sends them), or undefined. */
export class ApiError extends Error {
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
  readonly errorCode: string | undefined;
  readonly title: string | undefined;

  constructor(status: number, method: string, url: string, body: unknown, message?: string) {
    const summary = summarize(body);
    super(
      message ?? `${method} ${url} failed with HTTP ${status}` + (summary ? `: ${summary}` : ""),
    );
    this.name = "ApiError";
    this.status = status;
    this.method = method;
    this.url = url;
    this.body = body;
    const code = isObject(body) ? body["error_code"] : undefined;
    const title = isObject(body) ? body["title"] : undefined;
    this.errorCode = typeof code === "string" ? code : undefined;
    this.title = typeof title === "string" ? title : undefined;
  }
}

/** The caller's `AbortSignal` ended the call (`signal.abort()`, `AbortSignal.timeout(ms)`):
 * `status` is 0, `reason` the signal's reason, `timedOut` whether that was a timeout. */
export class RequestAbortedError extends ApiError {
  override name = "RequestAbortedError";
  readonly reason: unknown;
  readonly timedOut: boolean;

  constructor(method: string, url: string, reason: unknown) {
    const timedOut = isObject(reason) && reason["name"] === "TimeoutError";
    super(0, method, url, null, `${method} ${url}: ${timedOut ? "timed out (the caller's signal)" : "aborted by the caller's signal"}`);
    this.reason = reason;
    this.timedOut = timedOut;
  }
}

/** 401 or 403: the key is missing, wrong, or its scope does not cover the operation. */
export class AuthenticationError extends ApiError {
  override name = "AuthenticationError";
}

export class NotFoundError extends ApiError {
  override name = "NotFoundError";
}

/** 409: the object exists already, or the change conflicts with the current state. */
export class ConflictError extends ApiError {
  override name = "ConflictError";
}

export interface ValidationIssue {
  readonly loc: readonly (string | number)[];
  readonly msg: string;
  readonly type: string;
}

/** 422: the request failed validation; `detail` lists each problem. */
export class UnprocessableEntityError extends ApiError {
  override name = "UnprocessableEntityError";
  readonly detail: readonly ValidationIssue[];

  constructor(status: number, method: string, url: string, body: unknown) {
    super(status, method, url, body);
    const raw = isObject(body) ? body["detail"] : undefined;
    this.detail = (Array.isArray(raw) ? raw : []).filter(isObject).map((item) => ({
      loc: Array.isArray(item["loc"])
        ? item["loc"].filter((p): p is string | number => typeof p !== "object")
        : [],
      msg: String(item["msg"] ?? ""),
      type: String(item["type"] ?? ""),
    }));
  }
}

/** 429 after the retry budget; `retryAfter` is the server's advice in seconds, if any. */
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
  readonly retryAfter: number | undefined;

  constructor(status: number, method: string, url: string, body: unknown, retryAfter?: number) {
    super(status, method, url, body);
    this.retryAfter = retryAfter;
  }
}

/** 5xx after the retry budget. */
export class ServerError extends ApiError {
  override name = "ServerError";
}

/** No usable answer: the connection failed or broke off, or the attempt timed out. Status 0. */
export class NetworkError extends ApiError {
  override name = "NetworkError";
  readonly reason: string;

  constructor(method: string, url: string, reason: string) {
    super(0, method, url, undefined, `${method} ${url}: ${reason}`);
    this.reason = reason;
  }
}

/** The answer's body grew past `maxResponseBytes`; it was not read further. */
export class ResponseTooLargeError extends ApiError {
  override name = "ResponseTooLargeError";
  readonly limit: number;

  constructor(status: number, method: string, url: string, limit: number) {
    super(status, method, url, undefined, `${method} ${url}: answer larger than ${limit} bytes`);
    this.limit = limit;
  }
}

/** A success answer whose body is not what the API declares (e.g. invalid JSON). */
export class UnexpectedResponseError extends ApiError {
  override name = "UnexpectedResponseError";
  readonly reason: string;

  constructor(status: number, method: string, url: string, body: unknown, reason: string) {
    super(status, method, url, body, `${method} ${url}: HTTP ${status} answer: ${reason}`);
    this.reason = reason;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function summarize(body: unknown): string {
  if (isObject(body)) {
    for (const key of ["message", "detail", "title", "error"]) {
      const value = body[key];
      if (typeof value === "string") return value.slice(0, 300);
      if (Array.isArray(value) && isObject(value[0])) return String(value[0]["msg"] ?? "").slice(0, 300);
    }
  }
  return typeof body === "string" ? body.slice(0, 300) : "";
}

// Permission checks (`client.check` / `bulkCheck`, where apigen.toml names a decision endpoint):
// inputs as the decision API's own SDKs take them (the sources: apigen's
// docs/typescript-client.md).

/** One decision's query: a user key or object, an action, a resource `"type"` / `"type:key"`
 * or object (given `defaultTenant` when it names none), and the context. Bad input throws a
 * TypeError: nothing is sent. */
export function checkQuery(
  user: unknown,
  action: unknown,
  resource: unknown,
  context: unknown,
  defaultTenant: string | undefined,
): Record<string, unknown> {
  const who = typeof user === "string" ? { key: user } : user;
  if (!isObject(who) || typeof who["key"] !== "string" || who["key"] === "")
    throw new TypeError("check: the user is a key or an object with a non-empty string 'key'");
  if (typeof action !== "string" || action === "") throw new TypeError("check: the action is a non-empty string");
  let what: unknown = resource;
  if (typeof resource === "string") {
    const parts = resource.split(":");
    if (parts.length > 2 || parts[0] === "" || parts[1] === "")
      throw new TypeError(`check: ${JSON.stringify(resource)} is not a resource 'type' or 'type:key'`);
    what = parts.length === 2 ? { type: parts[0], key: parts[1] } : { type: parts[0] };
  }
  if (!isObject(what) || typeof what["type"] !== "string" || what["type"] === "")
    throw new TypeError("check: the resource is 'type[:key]' or an object with a string 'type'");
  if (defaultTenant && !what["tenant"]) what = { ...what, tenant: defaultTenant };
  if (context !== undefined && !isObject(context)) throw new TypeError("check: the context is an object");
  return { user: who, action, resource: what, context: context ?? {} };
}

/** A decision answer's `allow` (absent: false, the spec's default); anything else throws an
 * `UnexpectedResponseError`. */
export function decision(answer: ApiResponse<unknown>, method: string, path: string, item: unknown = answer.data): boolean {
  const allow = isObject(item) ? (item["allow"] ?? false) : undefined;
  if (typeof allow !== "boolean")
    throw new UnexpectedResponseError(answer.status, method, path, answer.data, allow === undefined ? "not a decision object" : "'allow' is not a boolean");
  return allow;
}

/** A bulk decision answer (`{ allow: [decision, ...] }`, one per query, in order). */
export function decisions(answer: ApiResponse<unknown>, method: string, path: string, count: number): boolean[] {
  const items = isObject(answer.data) ? answer.data["allow"] : undefined;
  if (!Array.isArray(items) || items.length !== count)
    throw new UnexpectedResponseError(answer.status, method, path, answer.data, `not a list of ${count} decision(s)`);
  return items.map((item) => decision(answer, method, path, item));
}

/** Seconds to wait from a `Retry-After` value (delta-seconds or an HTTP date). */
export function retryAfterSeconds(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // an HTTP date names its month and a time of day (Date.parse alone takes "-1" for a year)
  if (!/[A-Za-z]{3}/.test(text) || !/\d{1,2}:\d{2}:\d{2}/.test(text)) return undefined;
  const when = Date.parse(text);
  return Number.isNaN(when) ? undefined : Math.max(0, (when - now) / 1000);
}

/** The one retry decision: milliseconds to wait before sending again, or undefined. `status`
 * is undefined after a network error; `readOnly` marks a POST that only reads (the PDP's
 * permission checks), retried like a GET. */
export function nextDelay(
  policy: RetryPolicy,
  attempt: number,
  method: string,
  status: number | undefined,
  retryAfter: string | null,
  readOnly = false,
): number | undefined {
  if (attempt >= policy.maxAttempts - 1) return undefined;
  const repeatable = IDEMPOTENT.has(method.toUpperCase()) || readOnly || policy.retryNonIdempotent;
  const retry =
    status === undefined
      ? repeatable
      : ANY_METHOD_STATUSES.has(status) || (repeatable && IDEMPOTENT_STATUSES.has(status));
  if (!retry) return undefined;
  const advised = retryAfterSeconds(retryAfter);
  const wait = advised !== undefined ? advised * 1000 : policy.backoffMs * 2 ** attempt;
  return Math.max(0, Math.min(wait, policy.maxBackoffMs));
}

export function errorFor(
  settings: Settings,
  status: number,
  method: string,
  url: string,
  body: unknown,
  retryAfter: string | null,
): ApiError {
  if (status === 401 || status === 403) return new AuthenticationError(status, method, url, body);
  if (status === 404) return new NotFoundError(status, method, url, body);
  if (status === 409) return new ConflictError(status, method, url, body);
  if (status === 422) return new UnprocessableEntityError(status, method, url, body);
  if (status === 429)
    return new RateLimitError(status, method, url, body, retryAfterSeconds(retryAfter));
  if (status >= 500) return new ServerError(status, method, url, body);
  const error = new ApiError(status, method, url, body);
  error.name = settings.errorClass;
  return error;
}

/**
 * A path parameter whose value would change which endpoint is called: `""`, `.` or `..` (the
 * WHATWG URL parser removes dot-segments, `%2E%2E` included, so `..` would climb to the parent
 * resource). Thrown before anything is sent; a `TypeError`, not an `ApiError`, since no request
 * was made. `parameter` is the path parameter's wire name.
 */
export class InvalidPathParameterError extends TypeError {
  readonly parameter: string;
  readonly value: string;

  constructor(parameter: string, value: string) {
    const shown = value === "" ? "an empty string" : JSON.stringify(value);
    super(`path parameter "${parameter}" cannot be ${shown}: it would address another endpoint`);
    this.name = "InvalidPathParameterError";
    this.parameter = parameter;
    this.value = value;
  }
}

/** One path parameter, percent-encoded; `""`, `.` and `..` refused. */
export function pathSegment(name: string, value: unknown): string {
  const segment = text(value);
  if (segment === "" || segment === "." || segment === "..")
    throw new InvalidPathParameterError(name, segment);
  return encode(segment);
}

/** RFC 3986 percent-encoding: every character but `A-Z a-z 0-9 - _ . ~`. */
export function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  return JSON.stringify(value);
}

/** Whether an argument goes on the wire: `undefined` (not passed) and `null` never do. */
function sent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function buildUrl(
  path: string,
  pathParams: Readonly<Record<string, unknown>>,
  query: Readonly<Record<string, unknown>>,
): string {
  const filled = path.replace(/\{([^{}]+)\}/g, (_, name: string) =>
    pathSegment(name, pathParams[name]),
  );
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (!sent(value)) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (sent(item)) pairs.push(`${encode(key)}=${encode(text(item))}`);
    }
  }
  return pairs.length ? `${filled}?${pairs.join("&")}` : filled;
}

interface Runtime {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  AbortController: new () => { readonly signal: AbortSignalLike; abort(reason?: unknown): void };
  TextDecoder: new () => { decode(bytes: Uint8Array): string };
  TextEncoder: new () => { encode(text: string): Uint8Array };
  fetch?: FetchLike;
  process?: { env?: Record<string, string | undefined> };
}

const runtime = globalThis as unknown as Runtime;

class Timeout extends Error {}

function sleep(ms: number, signal: AbortSignalLike | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      runtime.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = runtime.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort);
  });
}

/** The key's own project and environment, asked once per client (`GET scopePath`) when a call
 * leaves them out and the client has no default (as the API's own SDKs do; the sources:
 * apigen's docs/typescript-client.md); shared by the copies `withOptions` makes. */
interface Scope {
  value?: Promise<Record<string, unknown>>;
}

/** Where a scheme puts a key: credential headers (lower-case names), query parameters, a cookie. */
interface Placed {
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly cookie: string;
}

function place(auth: AuthSettings | null, key: string | undefined): Placed {
  const headers: Record<string, string> = {};
  if (auth === null || !key) return { headers, query: {}, cookie: "" };
  if (auth.in === "query" && auth.kind === "apikey") return { headers, query: { [auth.name]: key }, cookie: "" };
  if (auth.in === "cookie" && auth.kind === "apikey")
    return { headers, query: {}, cookie: `${auth.name}=${encode(key)}` };
  if (auth.kind === "bearer") headers["authorization"] = `Bearer ${key}`;
  else if (auth.kind === "basic") headers["authorization"] = `Basic ${base64(key)}`;
  else headers[auth.name.toLowerCase()] = key;
  return { headers, query: {}, cookie: "" };
}

export class Core {
  readonly baseUrl: string;
  readonly settings: Settings;
  readonly retry: RetryPolicy;
  readonly #headers: Readonly<Record<string, string>>;
  /** The key where the API's scheme puts it: headers, query or a cookie (else empty). */
  readonly #credentials: Readonly<Record<string, string>>;
  #query: Readonly<Record<string, string>>;
  #cookie: string;
  /** The same for each scheme of `settings.schemes`, with its key. */
  readonly #schemes: Readonly<Record<string, Placed>>;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  readonly #deadlineMs: number;
  readonly #maxBytes: number;
  readonly #project: string | undefined;
  readonly #environment: string | undefined;
  readonly #scope: Scope;
  readonly #options: ClientOptions;

  constructor(settings: Settings, options: ClientOptions = {}, scope: Scope = {}) {
    const auth = settings.auth === undefined ? BEARER : settings.auth;
    if (options.apiKey && auth === null && Object.keys(settings.schemes ?? {}).length === 0)
      throw new Error(
        "apiKey: this API's spec declares no security scheme, so the key would not be sent; regenerate the client with add_security in apigen.toml (or --auth)",
      );
    const key = options.apiKey ?? runtime.process?.env?.[settings.apiKeyEnv];
    if (!key && auth !== null) throw new Error(`no API key: pass { apiKey } or set ${settings.apiKeyEnv}`);
    sendable(key, "apiKey");
    for (const [name, value] of Object.entries(options.apiKeys ?? {})) sendable(value, `apiKeys[${JSON.stringify(name)}]`);
    let base = options.baseUrl;
    if (base === undefined && options.region === undefined && settings.apiUrlEnv)
      base = runtime.process?.env?.[settings.apiUrlEnv] || undefined; // the configured URL variable
    if (base === undefined) {
      const region = options.region ?? settings.defaultRegion;
      base = settings.regions[region];
      if (base === undefined)
        throw new Error(
          `unknown region ${JSON.stringify(region)}; known: ${Object.keys(settings.regions).join(", ")}`,
        );
    }
    const fetchImpl = options.fetch ?? runtime.fetch;
    if (fetchImpl === undefined) throw new Error("no fetch: pass { fetch } on this runtime");
    this.settings = settings;
    this.baseUrl = base.replace(/\/+$/, "");
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    const placed = place(auth, key);
    this.#query = placed.query;
    this.#cookie = placed.cookie;
    const schemes = settings.schemes ?? {};
    const unknown = Object.keys(options.apiKeys ?? {}).filter((name) => !Object.hasOwn(schemes, name));
    if (unknown.length)
      throw new Error(
        `apiKeys: no security scheme ${JSON.stringify(unknown[0])}; known: ${Object.keys(schemes).join(", ") || "none"}`,
      );
    this.#schemes = Object.fromEntries(
      Object.entries(schemes).map(([name, scheme]) => [name, place(scheme, options.apiKeys?.[name] || key)]),
    );
    this.#headers = { accept: "application/json", "user-agent": settings.userAgent };
    this.#credentials = placed.headers;
    this.#fetch = fetchImpl;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#deadlineMs = options.deadlineMs ?? 120_000;
    if (!(this.#deadlineMs > 0)) throw new TypeError("deadlineMs must be a positive number of milliseconds");
    this.#maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    this.#project = options.project;
    this.#environment = options.environment;
    this.#scope = scope;
    this.#options = options;
  }

  /** A copy with another retry policy, sharing the key's scope. */
  withOptions(options: { retry?: Partial<RetryPolicy> }): Core {
    const retry = { ...this.retry, ...options.retry };
    return new Core(this.settings, { ...this.#options, retry }, this.#scope);
  }

  toString(): string {
    return `Core(${this.baseUrl})`;
  }

  /** Never show the key when the core is inspected. */
  toJSON(): { baseUrl: string } {
    return { baseUrl: this.baseUrl };
  }

  project(value: string | undefined): Promise<string> {
    return this.#resolve("project", value ?? this.#project);
  }

  environment(value: string | undefined): Promise<string> {
    return this.#resolve("environment", value ?? this.#environment);
  }

  async #resolve(role: string, given: string | undefined): Promise<string> {
    if (given !== undefined) return given;
    const wire = this.settings.pathVariables[role] ?? role;
    if (!this.settings.scopePath)
      throw new Error(
        `${wire} not given: pass it, or { ${role} } to the client; the client has no default ` +
          "and the API cannot say the key's scope",
      );
    const found = (await this.#keyScope())[`${role}_id`];
    if (typeof found !== "string" || !found)
      throw new Error(
        `${wire} not given: pass it, or { ${role} } to the client; the API key's scope has ` +
          `no ${role} (a key of a wider scope)`,
      );
    return found;
  }

  #keyScope(): Promise<Record<string, unknown>> {
    if (this.#scope.value === undefined) {
      const asked = this.request<unknown>({ method: "GET", path: this.settings.scopePath }).then(
        (answer) => (isObject(answer.data) ? answer.data : {}),
      );
      this.#scope.value = asked;
      asked.catch(() => {
        if (this.#scope.value === asked) delete this.#scope.value; // ask again next time
      });
    }
    return this.#scope.value;
  }

  async request<T>(spec: RequestSpec): Promise<ApiResponse<T>> {
    const method = spec.method.toUpperCase();
    const send = spec.credentials !== false; // an operation without security sends none
    const own = spec.scheme === undefined ? undefined : this.#schemes[spec.scheme];
    if (spec.scheme !== undefined && own === undefined) throw new Error(`no security scheme ${spec.scheme}`);
    const placed: Placed = own ?? { headers: this.#credentials, query: this.#query, cookie: this.#cookie };
    const path = buildUrl(spec.path, spec.pathParams ?? {}, { ...(spec.query ?? {}), ...(send ? placed.query : {}) });
    const url = this.baseUrl + path;
    const where = this.baseUrl + path.split("?")[0];
    const headers: Record<string, string> = { ...this.#headers, ...(send ? placed.headers : {}) };
    for (const [key, value] of Object.entries(spec.headers ?? {}))
      if (sent(value)) headers[key.toLowerCase()] = text(value);
    const jar = Object.entries(spec.cookies ?? {})
      .filter(([, value]) => sent(value))
      .map(([key, value]) => `${key}=${encode(text(value))}`);
    if (send && placed.cookie) jar.push(placed.cookie);
    if (jar.length) headers["cookie"] = jar.join("; ");
    let body: string | undefined;
    if (spec.hasBody) {
      body = JSON.stringify(spec.body ?? null);
      headers["content-type"] = "application/json";
    }
    const start = Date.now();
    // a retry whose attempt would start past the call's deadline is not made
    const inTime = (wait: number | undefined): number | undefined =>
      wait !== undefined && Date.now() + wait - start < this.#deadlineMs ? wait : undefined;
    const pause = (wait: number): Promise<void> =>
      sleep(wait, spec.signal).catch((reason: unknown) => {
        throw new RequestAbortedError(method, where, reason);
      });
    for (let attempt = 0; ; attempt++) {
      let answer: Attempt;
      try {
        answer = await this.#attempt(method, url, where, headers, body, spec.signal, start + this.#deadlineMs);
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        const wait = inTime(nextDelay(this.retry, attempt, method, undefined, null, spec.readOnly));
        if (wait === undefined) throw error;
        await pause(wait);
        continue;
      }
      const wait = inTime(
        nextDelay(this.retry, attempt, method, answer.status, answer.headers["retry-after"] ?? null, spec.readOnly),
      );
      if (wait === undefined) return this.#result<T>(method, where, answer, spec.expectJson ?? false);
      await pause(wait);
    }
  }

  /** The answer's body, parsed. With `expectJson` (the operation declares a JSON answer), a
   * success answer without one is an UnexpectedResponseError, not data of the declared type:
   * an empty body (204 aside) or one of another content type (an HTML page). */
  #result<T>(method: string, where: string, answer: Attempt, expectJson: boolean): ApiResponse<T> {
    const { status, headers, bytes } = answer;
    const raw = new runtime.TextDecoder().decode(bytes);
    const type = headers["content-type"] ?? "application/json";
    if (status >= 300 && status < 400)
      throw new UnexpectedResponseError(status, method, where, raw.slice(0, 2000), REDIRECT);
    if (expectJson && status < 400 && status !== 204 && (!raw || !type.includes("json"))) {
      const what = raw ? `a ${type.split(";")[0]} body` : "an empty body";
      throw new UnexpectedResponseError(status, method, where, raw.slice(0, 2000), `${what}, not JSON`);
    }
    let data: unknown = undefined;
    if (raw) {
      if (type.includes("json")) {
        try {
          data = JSON.parse(raw);
        } catch (error) {
          if (status >= 400) data = raw;
          else
            throw new UnexpectedResponseError(status, method, where, raw.slice(0, 2000), `not valid JSON (${String(error)})`);
        }
      } else data = raw;
    }
    if (status >= 400)
      throw errorFor(this.settings, status, method, where, data, headers["retry-after"] ?? null);
    return { status, headers, data: data as T };
  }

  async #attempt(
    method: string,
    url: string,
    where: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignalLike | undefined,
    until: number,
  ): Promise<Attempt> {
    if (signal?.aborted) throw new RequestAbortedError(method, where, signal.reason);
    const controller = new runtime.AbortController();
    let timedOut = false;
    const limit = Math.max(0, Math.min(this.#timeoutMs, until - Date.now()));
    const timer = runtime.setTimeout(() => {
      timedOut = true;
      controller.abort(new Timeout());
    }, limit);
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort);
    try {
      // called as a plain function: a browser's fetch refuses any `this` but the window's
      const fetchImpl = this.#fetch;
      // redirect "manual": fetch would follow a 3xx to any origin it names, and keep sending an
      // API-key header there (fetch drops only Authorization and Cookie across origins). A
      // redirect is an answer here, an error as in the Python client; a browser's opaque
      // redirect (status 0) says so too.
      const response = await fetchImpl(url, { method, headers, body, signal: controller.signal, redirect: "manual" });
      if (response.status === 0 || response.type === "opaqueredirect")
        throw new NetworkError(method, where, "the server answered with a redirect, which the client does not follow");
      const found: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        found[key.toLowerCase()] = value;
      });
      const bytes = await this.#read(response, method, where);
      return { status: response.status, headers: found, bytes };
    } catch (error) {
      if (signal?.aborted) throw new RequestAbortedError(method, where, signal.reason);
      if (error instanceof ApiError) throw error;
      if (timedOut)
        throw new NetworkError(
          method,
          where,
          limit < this.#timeoutMs ? `the call's deadline (${this.#deadlineMs} ms) passed` : `timed out after ${this.#timeoutMs} ms`,
        );
      throw new NetworkError(method, where, describe(error));
    } finally {
      runtime.clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  async #read(response: FetchResponse, method: string, where: string): Promise<Uint8Array> {
    if (response.body === null) return new Uint8Array(0);
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done || value === undefined) break;
      size += value.byteLength;
      if (size > this.#maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new ResponseTooLargeError(response.status, method, where, this.#maxBytes);
      }
      chunks.push(value);
    }
    const out = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }
}

interface Attempt {
  status: number;
  headers: Record<string, string>;
  bytes: Uint8Array;
}

/** A redirect is never followed: the key would go wherever the server sends it. */
const REDIRECT = "a redirect, which the client does not follow (the key stays with the base URL)";

/** Refuses a key no header can carry (a line break: often a key read from a file with its
 * trailing newline), naming the setting and never the key. */
function sendable(key: string | undefined, where: string): void {
  // eslint-disable-next-line no-control-regex
  if (key && /[\u0000-\u001f\u007f]/.test(key))
    throw new Error(
      `${where} holds a line break or another control character, which no request can carry (read from a file? strip its trailing newline)`,
    );
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : error.message ? `: ${error.message}` : "";
    return `${error.name}${detail}`;
  }
  return String(error);
}
