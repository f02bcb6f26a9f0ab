// Calls every operation of a generated package (its built dist/) as listed in CALLS (JSON:
// [{group, method, args, options}]) against BASE_URL and prints each answer's status, or the
// error's. With "nokey", a fetch wrapper drops the Authorization header the client sets.
// Usage: node calls.mjs DIST_INDEX CLIENT_CLASS CALLS BASE_URL [nokey]
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [index, clientClass, callsFile, baseUrl, mode] = process.argv.slice(2);
const p = await import(pathToFileURL(index).href);
const calls = JSON.parse(readFileSync(callsFile, "utf8"));
const withoutKey = (url, init) => {
  const headers = { ...init.headers };
  delete headers.authorization;
  return fetch(url, { ...init, headers });
};
const api = new p[clientClass]({
  apiKey: "dummy-key",
  baseUrl,
  project: "default",
  environment: "production",
  retry: { maxAttempts: 1 },
  ...(mode === "nokey" ? { fetch: withoutKey } : {}),
});
const out = {};
for (const call of calls) {
  const name = `${call.group}.${call.method}`;
  try {
    const answer = await api[call.group].withResponse[call.method](...call.args, call.options);
    out[name] = { status: answer.status, typeofData: typeof answer.data };
  } catch (error) {
    out[name] = { status: error.status ?? null, error: error.name, message: error.message };
  }
}
if (typeof api.check === "function" && mode !== "nokey") {
  try {
    out["@check"] = { status: 200, typeofData: typeof (await api.check("jane", "write", "document:acme")) };
  } catch (error) {
    out["@check"] = { status: error.status ?? null, error: error.name, message: error.message };
  }
}
console.log(JSON.stringify(out));
