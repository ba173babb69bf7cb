"""ilrs: track who has joined the International Lunar Research Station, from a sourced TOML ledger."""

__version__ = "0.1.0"
