// Path parameter values that would address another endpoint ("", ".", "..") are refused before
// any request; "a..b" and "..." go through encoded. Usage: node path_values.mjs DIST_INDEX BASE_URL
import { pathToFileURL } from "node:url";

const [index, baseUrl] = process.argv.slice(2);
const p = await import(pathToFileURL(index).href);
const api = new p.PermitApi({ apiKey: "k", baseUrl, project: "p", environment: "e" });
const out = {};

async function attempt(name, fn) {
  try {
    await fn();
    out[name] = { ok: true };
  } catch (error) {
    out[name] = {
      name: error.name,
      parameter: error.parameter,
      isTypeError: error instanceof TypeError,
      isPathError: error instanceof p.InvalidPathParameterError,
      message: error.message,
    };
  }
}

await attempt("tenantUserDotDot", () => api.tenants.deleteTenantUser("..", "alice"));
await attempt("userDot", () => api.users.get("."));
await attempt("userEmpty", () => api.users.get(""));
await attempt("projectDotDot", () => api.users.get("alice", { projId: ".." }));
await attempt("clientProjectDotDot", () =>
  new p.PermitApi({ apiKey: "k", baseUrl, project: "..", environment: "e" }).users.get("a"),
);
await attempt("envDotDot", () => api.environments.delete({ envId: ".." }));
await attempt("inner", () => api.users.get("a..b"));
await attempt("three", () => api.users.get("..."));
console.log(JSON.stringify(out));
