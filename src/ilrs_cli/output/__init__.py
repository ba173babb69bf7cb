"""Output: machine formats (standard library only), the terminal, and rich views (terminal path only)."""
