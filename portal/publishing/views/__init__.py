"""Pages of the officials' area, behind a password and a TOTP code."""
