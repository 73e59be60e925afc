"""Public pages under /appeals/, handlers' pages under /officials/appeals/."""
