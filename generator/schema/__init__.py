"""The schema layer shared by normalize, model and emitters: finding schemas in a document
(`walk`), JSON pointers and operations (`pointers`), values against schemas (`validation`),
example values (`examples`), stable ids (`ids`), JSON text (`text`) and name spelling
(`naming`). It knows nothing of the stages that use it."""
