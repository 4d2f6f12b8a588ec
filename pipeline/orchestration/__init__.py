"""Orchestration: the Prefect flow `build` (flows), what a build can skip and the caches it keeps
(incremental, keys, cache), where extraction runs (runners), what a release records about how
it was made (provenance), what a build did and the lines that tell it (summary), and `serve`
(watch)."""
