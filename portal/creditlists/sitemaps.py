from django.contrib.sitemaps import Sitemap

from portal.creditlists.models import CreditList


class CreditListSitemap(Sitemap):
    i18n = True

    def items(self):
        return CreditList.objects.all()
