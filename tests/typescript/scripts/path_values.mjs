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
await attempt("userDot", () => api.users.getUser("."));
await attempt("userEmpty", () => api.users.getUser(""));
await attempt("projectDotDot", () => api.users.getUser("alice", { projId: ".." }));
await attempt("clientProjectDotDot", () =>
  new p.PermitApi({ apiKey: "k", baseUrl, project: "..", environment: "e" }).users.getUser("a"),
);
await attempt("envDotDot", () => api.environments.deleteEnvironment({ envId: ".." }));
await attempt("inner", () => api.users.getUser("a..b"));
await attempt("three", () => api.users.getUser("..."));
console.log(JSON.stringify(out));
