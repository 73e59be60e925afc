from django.contrib.sitemaps import Sitemap

from portal.registry.models import Authority, Entity


class EntitySitemap(Sitemap):
    i18n = True
    limit = 20000

    def items(self):
        return Entity.objects.only("pk", "key", "updated_at").order_by("pk")

    def lastmod(self, entity):
        return entity.updated_at


class AuthoritySitemap(Sitemap):
    i18n = True

    def items(self):
        return Authority.objects.order_by("pk")
