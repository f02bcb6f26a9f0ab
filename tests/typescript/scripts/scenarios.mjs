// Runs the generated permit-api package (its built dist/) on Node against a test server on
// 127.0.0.1 and prints what happened as JSON. Usage: node scenarios.mjs DIST_INDEX BASE_URL KEY
import { inspect } from "node:util";
import { pathToFileURL } from "node:url";

const [index, baseUrl, apiKey] = process.argv.slice(2);
const p = await import(pathToFileURL(index).href);
const out = {};
const texts = []; // everything an error or the client shows: the key must be in none

function caught(error) {
  texts.push(String(error), error.message, error.stack ?? "", JSON.stringify(error), inspect(error));
  return {
    name: error.name,
    status: error.status,
    isApiError: error instanceof p.PermitApiError,
    isError: error instanceof Error,
    url: error.url,
    method: error.method,
    detail: error.detail,
    retryAfter: error.retryAfter,
    message: error.message,
    errorCode: error.errorCode ?? null,
    title: error.title ?? null,
    reason: error.reason?.name ?? null,
    timedOut: error.timedOut ?? null,
  };
}

async function attempt(fn) {
  try {
    return { ok: await fn() };
  } catch (error) {
    return { error: caught(error) };
  }
}

const fast = { backoffMs: 10, maxBackoffMs: 50 };
const api = new p.PermitApi({ apiKey, baseUrl, project: "p", environment: "e", retry: fast });
texts.push(inspect(api, { depth: 6 }), String(api), JSON.stringify(api.baseUrl));

out.retry429 = await attempt(async () => (await api.users.create({ key: "u429" })).key);
out.get503 = await attempt(async () => (await api.users.get("u503")).key);
out.post503 = await attempt(() => api.tenants.create({ key: "t503", name: "T" }));
out.postOptIn = await attempt(async () => {
  const once = api.withOptions({ retry: { retryNonIdempotent: true } });
  return (await once.tenants.create({ key: "t-opt", name: "T" })).key;
});
for (const code of ["401", "403", "404", "409", "422", "429", "500", "418"]) {
  out[`e${code}`] = await attempt(() => api.users.get(`e${code}`));
}
out.encoded = await attempt(async () => (await api.users.get("a/b?c|d")).key);
out.unset = await attempt(async () => (await api.users.list()).data.length);
const keys = [];
out.pages = await attempt(async () => {
  for await (const user of api.users.iterList({ perPage: 2 })) keys.push(user.key);
  return keys;
});
out.rolesArray = await attempt(async () => {
  const roles = await api.roles.list();
  const page = await api.roles.list({ includeTotalCount: true });
  return [Array.isArray(roles), roles.length, page.total_count];
});
out.withResponse = await attempt(async () => {
  const first = await api.users.withResponse.sync("new", { key: "new" });
  const second = await api.users.withResponse.sync("old", { key: "old" });
  return [first.status, second.status, first.data.key, first.headers["x-request"] ?? null];
});
out.sync = await attempt(async () => {
  const made = await api.users.sync("new", { key: "new" });
  const replaced = await api.users.sync("old", { key: "old" });
  return [made.created, made.user.key, replaced.created, replaced.user.key];
});
const scoped = new p.PermitApi({ apiKey, baseUrl, retry: fast });
out.scope = await attempt(async () => {
  const found = await Promise.all([
    scoped.users.get("s1"),
    scoped.users.get("s2"),
    scoped.roles.list(),
  ]);
  return found.length;
});
out.abort = await attempt(async () => {
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 200);
  try {
    const patient = new p.PermitApi({ apiKey, baseUrl, project: "p", environment: "e" });
    await patient.users.get("slow", { signal: controller.signal });
  } catch (error) {
    return [error.name, Date.now() - started < 3000, error instanceof p.PermitApiError, error.status, error.reason?.name, error.timedOut];
  }
  return "not aborted";
});
out.signalTimeout = await attempt(async () => {
  const patient = new p.PermitApi({ apiKey, baseUrl, project: "p", environment: "e" });
  return patient.users.get("slow", { signal: AbortSignal.timeout(200) });
});
out.deadline = await attempt(async () => {
  const started = Date.now();
  const bounded = new p.PermitApi({ apiKey, baseUrl, project: "p", environment: "e", deadlineMs: 1000 });
  try {
    await bounded.users.get("slow"); // 503 with Retry-After: 5, past the deadline: no retry
  } catch (error) {
    return [error.name, error.status, Date.now() - started < 2000];
  }
  return "no error";
});
out.envUrl = await attempt(() => {
  process.env.PERMIT_API_URL = baseUrl;
  const found = [new p.PermitApi({ apiKey }).baseUrl, new p.PermitApi({ apiKey, region: "eu" }).baseUrl];
  delete process.env.PERMIT_API_URL;
  return found;
});
out.timeout = await attempt(async () => {
  const quick = new p.PermitApi({ apiKey, baseUrl, project: "p", environment: "e", timeoutMs: 300, retry: { maxAttempts: 1 } });
  return quick.users.get("hang");
});
out.noKey = await attempt(() => {
  delete process.env.PERMIT_API_KEY;
  return new p.PermitApi({ baseUrl });
});
out.envKey = await attempt(() => {
  process.env.PERMIT_API_KEY = apiKey;
  return new p.PermitApi({ baseUrl }).baseUrl;
});
out.plainFetch = await attempt(async () => {
  // a browser's fetch throws "Illegal invocation" when called with another `this`
  function strictFetch(url, init) {
    if (this !== undefined) throw new TypeError("Illegal invocation");
    return fetch(url, init);
  }
  const strict = new p.PermitApi({ apiKey, baseUrl, project: "p", environment: "e", fetch: strictFetch });
  return (await strict.users.get("plain")).key;
});
out.keyShown = texts.filter((t) => t.includes(apiKey)).length;
console.log(JSON.stringify(out));
