"""The `operation-ids` normalization pass on small specs of its own."""

from __future__ import annotations

from specs import CTX, op, spec

from generator.normalize import apply


def test_operation_ids_strip_fastapi_suffix_and_stay_unique() -> None:
    doc = spec(
        {
            "/policy-updater/trigger": {
                "post": op("trigger_policy_update_policy_updater_trigger_post")
            },
            "/callbacks/{key}": {
                "get": op("get_callback_by_key_callbacks__key__get"),
                "delete": op("get_callback_by_key_callbacks__key__delete"),
            },
            "/v2/facts/{p}/access_requests": {"get": op("list_access_requests")},
            "/v2/elements/{p}/config/{c}/access_requests": {
                "get": op("list_access_requests_v2_elements__p__config__c__access_requests_get")
            },
            "/v2/no/id": {"get": op()},
            "/v2/Weird": {"get": op("GetThing-Now")},
        }
    )
    out, rec = apply("operation-ids", doc, CTX)
    ids = {
        f"{m} {p}": o["operationId"] for p, item in out["paths"].items() for m, o in item.items()
    }
    assert ids == {
        "post /policy-updater/trigger": "trigger_policy_update",
        "get /callbacks/{key}": "get_callback_by_key",
        "delete /callbacks/{key}": "delete_callback_by_key",
        "get /v2/facts/{p}/access_requests": "list_access_requests",
        "get /v2/elements/{p}/config/{c}/access_requests": "list_elements_access_requests",
        "get /v2/no/id": "get_no_id",
        "get /v2/Weird": "get_thing_now",
    }
    assert (
        rec.mapping["trigger_policy_update_policy_updater_trigger_post"] == "trigger_policy_update"
    )


def test_operation_ids_do_not_depend_on_order() -> None:
    paths = {
        "/v2/a/x": {"get": op("list_x_v2_a_x_get")},
        "/v2/b/x": {"get": op("list_x_v2_b_x_get")},
    }
    forward, _ = apply("operation-ids", spec(paths), CTX)
    backward, _ = apply("operation-ids", spec(dict(reversed(paths.items()))), CTX)
    assert (
        forward["paths"]["/v2/a/x"]["get"]["operationId"]
        == backward["paths"]["/v2/a/x"]["get"]["operationId"]
    )
    assert (
        forward["paths"]["/v2/a/x"]["get"]["operationId"]
        != forward["paths"]["/v2/b/x"]["get"]["operationId"]
    )
