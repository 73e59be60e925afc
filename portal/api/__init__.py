"""The REST API's shared plumbing: paging, filters, errors, rate limits, schema."""
