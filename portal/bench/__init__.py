"""The benchmark harness behind `manage.py bench` (docs/performance.md).

`datasets` builds and reuses the databases, `server` starts what is measured,
`scenarios` holds what is asked of it, `runner` drives the load and `report`
turns the figures into a table and a JSON file.
"""
