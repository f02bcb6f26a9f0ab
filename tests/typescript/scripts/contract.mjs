// Runs the runtime contract (tests/runtime/contracts/*.json) against the compiled TypeScript core and
// prints what it decided, as JSON, for tests/test_runtime_contract.py to compare with the
// expectations and with the Python core. Usage: node contract.mjs CORE_JS CONTRACTS_DIR
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [coreJs, dir] = process.argv.slice(2);
const core = await import(pathToFileURL(coreJs).href);
const core_ = core;
const load = (name) => JSON.parse(readFileSync(join(dir, name), "utf8"));
const out = {};

const retry = load("retry.json");
out.retry = retry.cases.map((c) => {
  const p = { ...retry.policy, ...(c.policy ?? {}) };
  const policy = {
    maxAttempts: p.max_attempts,
    backoffMs: p.backoff * 1000,
    maxBackoffMs: p.max_backoff * 1000,
    retryNonIdempotent: p.retry_non_idempotent,
  };
  const ms = core.nextDelay(policy, c.attempt, c.method, c.status ?? undefined, c.retry_after, c.read_only ?? false);
  return ms === undefined ? null : ms / 1000;
});

const advice = load("retry_after.json");
out.retry_after = advice.cases.map((c) => {
  const seconds = core.retryAfterSeconds(c.value, advice.now * 1000);
  return seconds === undefined ? null : seconds;
});

out.encoding = load("encoding.json").cases.map((c) => {
  try {
    return { path: core.buildUrl(c.path, c.params, {}) };
  } catch (error) {
    return { refused: error.parameter, isTypeError: error instanceof TypeError };
  }
});

const settings = { errorClass: "PermitApiError" };
out.errors = load("errors.json").cases.map((c) => {
  const error = core.errorFor(settings, c.status, "GET", "https://x.test/v", c.body ?? null, c.retry_after ?? null);
  return {
    error: error.constructor.name,
    isApiError: error instanceof core.ApiError,
    status: error.status,
    detail: error.detail?.map((d) => ({ loc: d.loc, msg: d.msg })),
    retry_after_seconds: error.retryAfter,
  };
});
/** A fetch answer with `status` and a JSON body `text`, read in one chunk. */
function answering(status, text) {
  const bytes = new TextEncoder().encode(text);
  let read = false;
  return {
    status,
    headers: { get: (name) => (name.toLowerCase() === "content-type" ? "application/json" : null), forEach() {} },
    body: {
      getReader: () => ({
        read: async () => (read ? { done: true, value: undefined } : ((read = true), { done: false, value: bytes })),
        cancel: async () => {},
        releaseLock() {},
      }),
    },
  };
}
const secrecy = load("secrecy.json");
const { inspect } = await import("node:util");
out.secrecy = [];
for (const c of secrecy.cases) {
  // an error answer; the request (its Authorization header among it) stays with the client
  const fetch = async (url) => answering(c.status, JSON.stringify({ message: "failed", url }));
  const settings = {
    regions: { local: "http://127.0.0.1:9" }, defaultRegion: "local", apiKeyEnv: "NONE",
    userAgent: "contract", errorClass: "ApiError", pathVariables: {}, scopePath: "",
  };
  const core = new core_.Core(settings, { apiKey: secrecy.key, fetch, retry: { maxAttempts: 1 } });
  let shown = [String(core), JSON.stringify(core), inspect(core, { depth: 5 })];
  try {
    await core.request({ method: "GET", path: "/x" });
    shown.push("no error");
  } catch (error) {
    shown.push(String(error), error.message, error.stack ?? "", JSON.stringify(error), inspect(error, { depth: 5 }));
  }
  out.secrecy.push(shown.some((text) => text.includes(secrecy.key)));
}
const auth = load("auth.json");
out.auth = [];
for (const c of auth.cases) {
  let seen;
  const fetch = async (url, init) => {
    seen = { url: new URL(url), headers: init.headers };
    return answering(200, "{}");
  };
  const settings = {
    regions: { local: "http://127.0.0.1:9" }, defaultRegion: "local", apiKeyEnv: "NONE",
    userAgent: "contract", errorClass: "ApiError", pathVariables: {}, scopePath: "", auth: c.auth,
    ...(c.schemes ? { schemes: c.schemes } : {}),
  };
  const core = new core_.Core(settings, { ...(c.key ? { apiKey: c.key } : {}), ...(c.keys ? { apiKeys: c.keys } : {}), fetch });
  await core.request({
    method: "GET", path: "/x", query: { a: "1" },
    ...("credentials" in c ? { credentials: c.credentials } : {}),
    ...(c.scheme ? { scheme: c.scheme } : {}),
  });
  const own = Object.fromEntries(Object.entries(seen.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const headers = Object.fromEntries(["authorization", "x-api-key"].filter((k) => k in own).map((k) => [k, own[k]]));
  out.auth.push({ headers, query: Object.fromEntries(seen.url.searchParams), cookie: own["cookie"] ?? null });
}
try {
  new core_.Core(
    {
      regions: { local: "http://127.0.0.1:9" }, defaultRegion: "local", apiKeyEnv: "NONE",
      userAgent: "contract", errorClass: "ApiError", pathVariables: {}, scopePath: "",
      schemes: { token: { kind: "apikey", in: "query", name: "t" } },
    },
    { apiKey: "k", apiKeys: { tokn: "x" }, fetch: async () => answering(200, "{}") },
  );
  out.unknown_scheme = null;
} catch (error) {
  out.unknown_scheme = error.message;
}
const scope = load("scope.json");
{
  let asked = 0;
  const fetch = async (url) => {
    if (new URL(url).pathname === scope.scope_path) asked += 1;
    await new Promise((resolve) => setTimeout(resolve, 20)); // slow enough to overlap
    const bytes = new TextEncoder().encode(JSON.stringify(scope.scope));
    let read = false;
    return {
      status: 200,
      headers: { get: (name) => (name.toLowerCase() === "content-type" ? "application/json" : null), forEach() {} },
      body: {
        getReader: () => ({
          read: async () => (read ? { done: true, value: undefined } : ((read = true), { done: false, value: bytes })),
          cancel: async () => {},
        }),
      },
    };
  };
  const settings = {
    regions: { local: "http://127.0.0.1:9" }, defaultRegion: "local", apiKeyEnv: "NONE",
    userAgent: "contract", errorClass: "ApiError", pathVariables: {}, scopePath: scope.scope_path,
  };
  const client = new core_.Core(settings, { apiKey: "k", fetch });
  const calls = [];
  for (let i = 0; i < scope.calls; i++) calls.push(client.project(undefined), client.environment(undefined));
  const found = await Promise.all(calls);
  out.scope = { requests: asked, project: found[0], environment: found[1], all: [...new Set(found)].sort() };
}
console.log(JSON.stringify(out));
