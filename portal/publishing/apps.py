from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from portal.publishing.converters import KindConverter


class PublishingConfig(AppConfig):
    name = "portal.publishing"
    verbose_name = _("Officials' publishing")

    def ready(self):
        # Before the URL modules are read, which happens after every ready().
        register_converter(KindConverter, "kind")
