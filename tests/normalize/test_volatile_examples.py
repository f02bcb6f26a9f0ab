"""The `volatile-examples` normalization pass on small specs of its own."""

from __future__ import annotations

from typing import Any

from specs import CTX, spec

from generator.normalize import apply


def test_volatile_ids_are_replaced_by_pointer_derived_ones() -> None:
    def doc(ids: tuple[str, str]) -> dict[str, Any]:
        return spec(
            schemas={
                "S": {"type": "object", "example": {"id": ids[0], "hex": ids[1], "name": "keep"}}
            }
        )

    one, rec = apply(
        "volatile-examples",
        doc(("4e39ae60-68d2-4c5d-81a4-64a0496842b5", "cb8eb90716234edf9313235415fbd7dd")),
        CTX,
    )
    two, _ = apply(
        "volatile-examples",
        doc(("303082b5-2ba7-4f04-8943-540adaf944a2", "d72a1b676dd7491f8ab375666c5dbe5a")),
        CTX,
    )
    assert one == two
    example = one["components"]["schemas"]["S"]["example"]
    assert example["name"] == "keep" and len(example["hex"]) == 32 and example["id"].count("-") == 4
    assert len(rec.changes) == 2
