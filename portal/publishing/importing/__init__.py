"""Bulk import of the national exchange format: columns, file readers, rows."""
