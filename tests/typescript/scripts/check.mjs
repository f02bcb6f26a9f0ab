// PermitPdp.check / bulkCheck of the built permit-pdp package against a test server.
// Usage: node check.mjs DIST_INDEX BASE_URL ; prints JSON.
import { pathToFileURL } from "node:url";

const [index, baseUrl] = process.argv.slice(2);
const p = await import(pathToFileURL(index).href);
const out = {};
const fast = { maxAttempts: 3, backoffMs: 1, maxBackoffMs: 5 };
const pdp = new p.PermitPdp({ apiKey: "k", baseUrl, retry: fast });

async function attempt(name, fn) {
  try {
    out[name] = { ok: await fn() };
  } catch (error) {
    out[name] = { error: error.name, status: error.status ?? null, unexpected: error instanceof p.UnexpectedResponseError };
  }
}

await attempt("jane", () => pdp.check("jane", "write", "document:acme"));
await attempt("bob", () => pdp.check({ key: "bob", email: "bob@example.com" }, "read", { type: "document", tenant: "t2" }, { ip: "1.2.3.4" }));
await attempt("flaky", () => pdp.check("flaky", "read", "document"));
await attempt("down", () => pdp.check("down", "read", "document"));
await attempt("odd", () => pdp.check("odd", "read", "document"));
await attempt("bulk", () => pdp.bulkCheck([
  { user: "jane", action: "write", resource: "document:acme" },
  { user: "bob", action: "read", resource: "document" },
]));
await attempt("badResource", () => pdp.check("jane", "read", "a:b:c"));
await attempt("badUser", () => pdp.check({ email: "x" }, "read", "document"));
await attempt("write", () => pdp.localFactsApi.createUser({ key: "w" }));
console.log(JSON.stringify(out));
