"""The applicant's pages and the handlers' pages."""
