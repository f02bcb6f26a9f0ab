// What an editor shows for a usage file of the built permit-api package: TypeScript's language
// service, as VS Code runs it. Usage: node editor.mjs TYPESCRIPT_DIR USAGE_TS ; prints JSON.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";

const [tsDir, usage] = process.argv.slice(2);
const ts = createRequire(import.meta.url)(tsDir);
const options = {
  strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022, types: [], lib: ["lib.es2022.d.ts"], noEmit: true,
};
const host = {
  getScriptFileNames: () => [usage],
  getScriptVersion: () => "1",
  getScriptSnapshot: (name) => {
    try { return ts.ScriptSnapshot.fromString(readFileSync(name, "utf8")); } catch { return undefined; }
  },
  getCurrentDirectory: () => dirname(usage),
  getCompilationSettings: () => options,
  getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
  fileExists: ts.sys.fileExists, readFile: ts.sys.readFile, readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists, getDirectories: ts.sys.getDirectories,
};
const service = ts.createLanguageService(host);
const text = readFileSync(usage, "utf8");
const at = (marker) => text.indexOf(marker) + marker.length - 1;
const info = (marker) => {
  const quick = service.getQuickInfoAtPosition(usage, at(marker));
  return {
    tags: (quick?.tags ?? []).map((t) => t.name),
    deprecated: (quick?.kindModifiers ?? "").includes("deprecated"),
    documentation: ts.displayPartsToString(quick?.documentation ?? []),
  };
};
const suggestions = service.getSuggestionDiagnostics(usage).filter((d) => d.code === 6385 || d.code === 6387);
console.log(JSON.stringify({
  errors: service.getSemanticDiagnostics(usage).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
  operation: info("listDeprecatedApiEvents"),
  property: info(".roles"),
  raw: info("withResponse.get("),
  deprecatedUses: suggestions.length,
}));
