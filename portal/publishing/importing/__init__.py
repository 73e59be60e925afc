"""Bulk import of the national exchange format: columns, file readers, rows.

Rows are numbered as a spreadsheet shows them, everywhere (the page, the
report file, the officials' API): the header is row 1, the first record row 2.
"""

# The number of a file's (or a push's) first record.
FIRST_ROW = 2
