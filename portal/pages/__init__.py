"""The public pages of the registers: entities and their integrity files,
authorities, permits, penalties and the credit lists.

Each is a collection with the filters of its FilterSet and downloads in every
format, and a page per item. The domain apps (registry, disclosures,
creditlists) hold what these pages show and the rules behind it; this app
presents them, as portal.api does as JSON, and sits above them (README,
"Layers"). The cities and appeals pages live in their own apps.
"""
