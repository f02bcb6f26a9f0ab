// apigen contract tests: run after every request of this collection to its base URL (and of
// any you add there whose method and path are one of the API's operations). For the operation
// the request reaches they check that the status is a documented success, that a JSON answer
// says so in its Content-Type, and that the answer matches the operation's response schema
// (JSON Schema draft-07, validated by the sandbox's ajv). Each test is named after the operation.
// `APIGEN_CONTRACT` above is the operations' contracts and the schemas, each stored once.
(function (contract) {
  "use strict";
  // Only requests to the API's base URL are its operations: a request elsewhere (a webhook
  // sent to your receiver, another API's request you added) is not tested, whatever its path.
  // `pm.variables.replaceIn` resolves `{{name}}` across the scopes (Postman Sandbox API
  // reference, "Using variables in scripts"); an unresolved base URL keeps its braces, and
  // then every request is looked at, as before.
  var base = pm.variables.replaceIn("{{baseUrl}}").replace(/\/+$/, "");
  if (base.indexOf("{{") === -1 && pm.request.url.toString().indexOf(base) !== 0) {
    return;
  }
  var path = pm.request.url.path || [];
  var method = pm.request.method;
  var found = null;
  var literals = -1;
  // The request's path is resolved (variables filled in, the base URL's own path in front):
  // the operation is the route of the same method that matches its last segments, the one
  // with the most literal segments winning (`/users/stats` before `/users/{id}`).
  contract.routes.forEach(function (route) {
    var segments = route[1];
    if (route[0] !== method || segments.length > path.length) {
      return;
    }
    var offset = path.length - segments.length;
    var count = 0;
    for (var i = 0; i < segments.length; i += 1) {
      var actual = path[offset + i];
      if (segments[i] === null) {
        if (!actual) {
          return;
        }
      } else if (segments[i] !== actual) {
        return;
      } else {
        count += 1;
      }
    }
    if (count > literals) {
      found = route;
      literals = count;
    }
  });
  if (found === null) {
    return;
  }
  var op = contract.operations[found[2]];
  var code = pm.response.code;
  pm.test(op.name + ": status " + code + " is a documented success (" + op.statuses.join(", ") + ")", function () {
    pm.expect(op.statuses, op.name + ": undocumented status " + code).to.include(code);
  });
  var answer = op.answers[String(code)];
  if (!answer) {
    return;
  }
  if (answer.json) {
    pm.test(op.name + ": Content-Type is JSON", function () {
      var type = pm.response.headers.get("Content-Type") || "";
      pm.expect(/json/i.test(type), op.name + ": Content-Type is '" + type + "'").to.equal(true);
    });
  }
  if (answer.schema) {
    pm.test(op.name + ": answer matches " + answer.label, function () {
      var body;
      try {
        body = JSON.parse(pm.response.text());
      } catch (error) {
        pm.expect.fail(op.name + ": the answer is not JSON (" + error.message + ")");
      }
      // validateSchema: every schema is checked against draft-07's meta-schema before ajv
      // generates code from it (apigen writes only schemas that pass that check; this is the
      // second layer: a schema that does not is an error here, never code).
      var Ajv = require("ajv");
      var ajv = new Ajv({ allErrors: true, unknownFormats: "ignore", validateSchema: true, logger: false });
      ajv.addSchema(contract.schemas, "apigen");
      var validate = ajv.getSchema("apigen#" + answer.schema);
      if (!validate(body)) {
        var errors = validate.errors.slice(0, 5).map(function (e) {
          return (e.dataPath || "(answer)") + " " + e.message + " [" + e.schemaPath + "]";
        });
        pm.expect.fail(op.name + ": the answer does not match " + answer.label + ": " + errors.join("; "));
      }
    });
  }
}(APIGEN_CONTRACT));
