// The runtime of apigen's generated Go clients, as a module of its own so that `go vet`,
// staticcheck and `go test` (the shared contract tables) run on it in the repository. apigen
// copies its non-test .go files into each generated module, with the package clause renamed.
module apigen.invalid/runtime

go 1.24
