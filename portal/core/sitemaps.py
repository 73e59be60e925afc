from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticPagesSitemap(Sitemap):
    i18n = True
    changefreq = "daily"

    def items(self):
        return [
            "core:home",
            "core:repair",
            "permits:list",
            "penalties:list",
            "lists:index",
            "authorities:list",
            "opendata:catalogue",
            "opendata:dictionary",
            "opendata:licence",
        ]

    def location(self, item):
        return reverse(item)
