"""`<kind:...>` in the officials' URLs: `permits` or `penalties`, a RecordKind in views.

Registered once, by PublishingConfig.ready(), before any URL module is read.
"""

from portal.disclosures.choices import RecordKind

KIND_SLUGS = {RecordKind.PERMIT: "permits", RecordKind.PENALTY: "penalties"}


class KindConverter:
    regex = "permits|penalties"

    def to_python(self, value):
        return {slug: kind for kind, slug in KIND_SLUGS.items()}[value]

    def to_url(self, value):
        return KIND_SLUGS[value]
