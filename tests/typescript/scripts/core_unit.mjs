// Unit checks of the TypeScript runtime's pure parts, on its compiled form.
// Usage: node core_unit.mjs CORE_JS ; prints "ok" or throws.
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";

const core = await import(pathToFileURL(process.argv[2]).href);
const { encode, buildUrl, Core } = core;

// The retry decision, Retry-After, path encoding and the error classes: tests/runtime/contracts/*.json
// (tests/test_runtime_contract.py runs them on this core and on the Python one).

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
