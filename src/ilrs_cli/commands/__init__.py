"""The commands, grouped by what they do; each module registers its commands on ``cli.app``."""
