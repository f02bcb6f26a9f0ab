"""`python -m generator.diff`: the rules table as Markdown (docs/ci-and-diff.md holds it)."""

from generator.diff.rules import rules_markdown

print(rules_markdown(), end="")
