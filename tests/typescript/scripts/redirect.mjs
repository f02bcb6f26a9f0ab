// #34: the compiled TypeScript core against a real server on 127.0.0.1 that answers 302 to another
// origin (a second server): for each auth scheme, what the call did. And keys with a line break.
// Usage: node redirect.mjs CORE_JS BASE_URL
import { pathToFileURL } from "node:url";

const [coreJs, base] = process.argv.slice(2);
const core = await import(pathToFileURL(coreJs).href);
const settings = (auth) => ({
  regions: { local: base }, defaultRegion: "local", apiKeyEnv: "NONE", userAgent: "redirect",
  errorClass: "ApiError", pathVariables: {}, scopePath: "", auth,
});
const schemes = {
  bearer: { kind: "bearer", in: "header", name: "Authorization" },
  header: { kind: "apikey", in: "header", name: "X-Api-Key" },
  query: { kind: "apikey", in: "query", name: "api_key" },
  cookie: { kind: "apikey", in: "cookie", name: "session" },
};
const out = { calls: {}, keys: {} };
for (const [name, auth] of Object.entries(schemes)) {
  const client = new core.Core(settings(auth), { apiKey: "SECRET-KEY-9", retry: { maxAttempts: 1 } });
  try {
    await client.request({ method: "GET", path: "/x" });
    out.calls[name] = "no error";
  } catch (error) {
    out.calls[name] = `${error.name}: ${error.message}`;
  }
}
for (const key of ["SECRET-KEY-9\n", "SECRET\r\nX-Evil: 1", "SECRET\u0000"]) {
  try {
    new core.Core(settings(schemes.header), { apiKey: key });
    out.keys[JSON.stringify(key)] = "accepted";
  } catch (error) {
    out.keys[JSON.stringify(key)] = `${error.message} ${String(error.stack)}`;
  }
}
try {
  new core.Core(settings(null), { apiKey: "SECRET-KEY-9" });
  out.no_scheme = "accepted";
} catch (error) {
  out.no_scheme = error.message;
}
out.no_scheme_without_key = new core.Core(settings(null), {}).baseUrl;
console.log(JSON.stringify(out));
