"""The TypeScript client (issue #15), started: `types.py` renders the named schemas as
TypeScript types. Not registered as an artefact kind yet."""
