"""The store: where the ledger is, the TOML boundary, canonical text and safe writes; git revisions."""
