"""Writes of the officials' area: records, counterparts, imports, housekeeping.

Every function is keyword-only and atomic, validates with the models' own
`full_clean()`, records a `ChangeLogEntry` and schedules reindexing of the
public records it changed.
"""
