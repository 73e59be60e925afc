"""Writes of appeals: submitting and completing a case (the applicant), handling
and deciding it (the authority's appeals handlers).

Every function is keyword-only and atomic, validates, writes the case and its
timeline, records a `ChangeLogEntry`, and sends its emails after the commit.
A decision that changes the record goes through the publishing services, so
the record's page, search, feeds and deltas follow.
"""
