// Unit checks of the TypeScript runtime's pure parts, on its compiled form.
// Usage: node core_unit.mjs CORE_JS ; prints "ok" or throws.
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";

const core = await import(pathToFileURL(process.argv[2]).href);
const { retryAfterSeconds, nextDelay, encode, buildUrl, DEFAULT_RETRY, Core } = core;

// Retry-After: delta-seconds, an HTTP date (past: 0), or nothing usable
assert.equal(retryAfterSeconds("3"), 3);
assert.equal(retryAfterSeconds(" 0 "), 0);
const now = Date.parse("Sun, 29 Nov 2026 12:00:00 GMT");
assert.equal(retryAfterSeconds("Sun, 29 Nov 2026 12:00:05 GMT", now), 5);
assert.equal(retryAfterSeconds("Sun, 29 Nov 2026 11:00:00 GMT", now), 0);
assert.equal(retryAfterSeconds("soon"), undefined);
assert.equal(retryAfterSeconds(null), undefined);
assert.equal(retryAfterSeconds("-1"), undefined);

// the retry decision
const p = DEFAULT_RETRY;
assert.equal(nextDelay(p, 0, "GET", 503, null), 500);
assert.equal(nextDelay(p, 1, "GET", 503, null), 1000);
assert.equal(nextDelay(p, 2, "GET", 503, null), undefined); // maxAttempts 3: no fourth
assert.equal(nextDelay(p, 0, "POST", 503, null), undefined); // may have been performed
assert.equal(nextDelay(p, 0, "PATCH", 500, null), undefined);
assert.equal(nextDelay(p, 0, "POST", undefined, null), undefined); // network error
assert.equal(nextDelay(p, 0, "DELETE", undefined, null), 500);
assert.equal(nextDelay(p, 0, "POST", 429, "2"), 2000); // not acted on: any method
assert.equal(nextDelay(p, 0, "POST", 408, null), 500);
assert.equal(nextDelay(p, 0, "GET", 429, "3600"), 30_000); // capped
assert.equal(nextDelay(p, 0, "GET", 404, null), undefined);
assert.equal(nextDelay(p, 0, "GET", 501, null), undefined);
assert.equal(nextDelay({ ...p, retryNonIdempotent: true }, 0, "POST", 503, null), 500);
assert.equal(nextDelay({ ...p, maxAttempts: 1 }, 0, "GET", 429, "1"), undefined);

// RFC 3986 encoding of path parameters and query values
assert.equal(encode("a/b?c|d !'()*é"), "a%2Fb%3Fc%7Cd%20%21%27%28%29%2A%C3%A9");
assert.equal(
  buildUrl("/v2/{proj_id}/users/{user_id}", { proj_id: "p 1", user_id: "a/b" }, {}),
  "/v2/p%201/users/a%2Fb",
);
assert.equal(
  buildUrl("/x", {}, { a: undefined, b: null, c: false, d: [1, 2], e: { k: "v" }, "f g": "h&i" }),
  "/x?c=false&d=1&d=2&e=%7B%22k%22%3A%22v%22%7D&f%20g=h%26i",
);

// dot-segments and empty values are refused as path values (they would address another endpoint)
for (const bad of ["", ".", ".."]) {
  assert.throws(
    () => buildUrl("/t/{tenant_id}/u/{user_id}", { tenant_id: bad, user_id: "alice" }, {}),
    (error) =>
      error instanceof TypeError &&
      error instanceof core.InvalidPathParameterError &&
      error.parameter === "tenant_id",
  );
}
assert.equal(buildUrl("/u/{id}", { id: "a..b" }, {}), "/u/a..b");
assert.equal(buildUrl("/u/{id}", { id: "..." }, {}), "/u/...");
assert.equal(buildUrl("/u/{id}", { id: ".a" }, {}), "/u/.a");

// construction: the key, the region, the base URL
const settings = {
  regions: { us: "https://api.example.test", eu: "https://eu.example.test" },
  defaultRegion: "us",
  apiKeyEnv: "APIGEN_TEST_KEY_UNSET",
  userAgent: "t/0",
  errorClass: "XError",
  pathVariables: { project: "proj_id" },
  scopePath: "",
};
assert.throws(() => new Core(settings, {}), { message: "no API key: pass { apiKey } or set APIGEN_TEST_KEY_UNSET" });
assert.throws(() => new Core(settings, { apiKey: "k", region: "mars" }), {
  message: 'unknown region "mars"; known: us, eu',
});
assert.equal(new Core(settings, { apiKey: "k", region: "eu" }).baseUrl, "https://eu.example.test");
assert.equal(new Core(settings, { apiKey: "k", baseUrl: "http://h:1/api//" }).baseUrl, "http://h:1/api");
const c = new Core(settings, { apiKey: "secret-k" });
assert.ok(!JSON.stringify(c).includes("secret-k") && !String(c).includes("secret-k"));
await assert.rejects(c.project(undefined), {
  message: "proj_id not given: pass it, or { project } to the client; the client has no default and the API cannot say the key's scope",
});
assert.equal(await c.project("given"), "given");
assert.equal(await new Core(settings, { apiKey: "k", project: "dflt" }).project(undefined), "dflt");
console.log("ok");
