"""The pure core: values, dates, rules and the questions asked of a ledger. No I/O, no clock, no printing."""
