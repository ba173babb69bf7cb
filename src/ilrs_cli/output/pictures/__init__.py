"""Pictures for publication: the chart, the map and the report (standard library only, written as text)."""
