"""Go identifiers for spec names: exported (PascalCase, with Go's initialisms: `proj_id` ->
`ProjID`), unexported (camelCase) and unique within their scope."""

from __future__ import annotations

import functools

from generator.schema.naming import Names, snake

KEYWORDS = frozenset(
    [
        "break",
        "case",
        "chan",
        "const",
        "continue",
        "default",
        "defer",
        "else",
        "fallthrough",
        "for",
        "func",
        "go",
        "goto",
        "if",
        "import",
        "interface",
        "map",
        "package",
        "range",
        "return",
        "select",
        "struct",
        "switch",
        "type",
        "var",
    ]
)
# predeclared names a parameter must not shadow (the generated code uses them)
PREDECLARED = frozenset(
    [
        "any",
        "bool",
        "byte",
        "comparable",
        "complex64",
        "complex128",
        "error",
        "float32",
        "float64",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "rune",
        "string",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "true",
        "false",
        "iota",
        "nil",
        "append",
        "cap",
        "clear",
        "close",
        "complex",
        "copy",
        "delete",
        "imag",
        "len",
        "make",
        "max",
        "min",
        "new",
        "panic",
        "print",
        "println",
        "real",
        "recover",
        "ctx",
        "r",
        "s",
        "c",
        "err",
        "out",
        "json",
        "url",
    ]
)
# Go's initialisms (golint's list): spelled in capitals inside a name
INITIALISMS = frozenset(
    [
        "acl",
        "api",
        "ascii",
        "cpu",
        "css",
        "dns",
        "eof",
        "guid",
        "html",
        "http",
        "https",
        "id",
        "ip",
        "json",
        "lhs",
        "qps",
        "ram",
        "rhs",
        "rpc",
        "sla",
        "smtp",
        "sql",
        "ssh",
        "tcp",
        "tls",
        "ttl",
        "udp",
        "ui",
        "uid",
        "uuid",
        "uri",
        "url",
        "utf8",
        "vm",
        "xml",
        "xmpp",
        "xsrf",
        "xss",
        "jwt",
        "pdp",
    ]
)


def go_names(reserved: set[str] | frozenset[str] | None = None) -> Names:
    """Go names: a taken one gets its qualifier appended (`UsersService2`)."""
    return Names(set(reserved or ()), separator="")


@functools.lru_cache(maxsize=16384)
def pascal(name: str) -> str:
    """`proj_id` -> `ProjID`, `X-Wait-Timeout` -> `XWaitTimeout`; never a digit first."""
    words = [w for w in snake(name).split("_") if w]
    text = "".join(w.upper() if w in INITIALISMS else w[:1].upper() + w[1:] for w in words)
    text = text or "Value"
    return f"V{text}" if text[0].isdigit() else text


def camel(name: str) -> str:
    """`proj_id` -> `projID`, `api_key_id` -> `apiKeyID`: an unexported name or a parameter
    (never a keyword or a name the generated code uses)."""
    words = [w for w in snake(name).split("_") if w] or ["value"]
    rest = "".join(w.upper() if w in INITIALISMS else w[:1].upper() + w[1:] for w in words[1:])
    text = words[0] + rest
    text = f"v{text}" if text[0].isdigit() else text
    return f"{text}_" if text in KEYWORDS or text in PREDECLARED else text
