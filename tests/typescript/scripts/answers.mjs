// Answers checked before they are typed, and iterators that end: the built permit-api package
// against a test server. Usage: node answers.mjs DIST_INDEX BASE_URL ; prints JSON.
import { pathToFileURL } from "node:url";

const [index, baseUrl] = process.argv.slice(2);
const p = await import(pathToFileURL(index).href);
const out = {};
const api = (environment) => new p.PermitApi({ apiKey: "k", baseUrl, project: "p", environment });

async function attempt(name, fn) {
  try {
    out[name] = { ok: await fn() };
  } catch (error) {
    out[name] = { error: error.name, unexpected: error instanceof p.UnexpectedResponseError, reason: error.reason };
  }
}

await attempt("html", () => api("e").users.get("html"));
await attempt("empty", () => api("e").users.get("empty"));
await attempt("gone", async () => (await api("e").users.delete("gone")) ?? null);
async function walk(environment, limits) {
  const keys = [];
  for await (const user of api(environment).users.iterList({ perPage: 2 }, limits)) keys.push(user.key);
  return keys;
}
await attempt("repeat", () => walk("repeat"));
await attempt("bare", () => walk("bare"));
await attempt("endless", () => walk("endless", { maxPages: 3 }));
console.log(JSON.stringify(out));
