"""path-descriptions: undescribed path parameters get a description from their place."""

from __future__ import annotations

import dataclasses

from specs import API, op, spec

from generator.normalize import Context, apply


def _param(
    name: str, schema: dict[str, object], description: str | None = None
) -> dict[str, object]:
    out: dict[str, object] = {"name": name, "in": "path", "required": True, "schema": schema}
    if description is not None:
        out["description"] = description
    return out


def test_described_from_the_segment_before() -> None:
    document = spec(
        {
            "/callbacks/{key}": {"get": op("a", parameters=[_param("key", {"type": "string"})])},
            "/facts/users/{user_id}": {
                "put": op("b", parameters=[_param("user_id", {"type": "string"})])
            },
            "/things/{thing_id}": {
                "get": op(
                    "c", parameters=[_param("thing_id", {"type": "string", "format": "uuid"})]
                )
            },
            "/history/{event_id}": {
                "get": op("d", parameters=[_param("event_id", {"type": "string"})])
            },
            "/kept/{id}": {"get": op("e", parameters=[_param("id", {"type": "string"}, "Given.")])},
        }
    )
    out, record = apply("path-descriptions", document, Context(dataclasses.replace(API)))
    found = {
        path: item[method]["parameters"][0]["description"]
        for path, item in out["paths"].items()
        for method in item
    }
    assert found == {
        "/callbacks/{key}": "The callback's key.",
        "/facts/users/{user_id}": "The user's id or key.",
        "/things/{thing_id}": "The thing's id.",
        "/history/{event_id}": "The event id.",
        "/kept/{id}": "Given.",
    }
    assert len(record.changes) == 4
    assert "description" not in document["paths"]["/callbacks/{key}"]["get"]["parameters"][0]
