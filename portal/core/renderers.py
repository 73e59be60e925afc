"""The form renderer: the project's templates, and selects written in Python.

Django writes a select through a template that includes another template for
each option, about 0.3 ms an option. The collection pages' region and authority
menus have hundreds of options, which made rendering the filter form most of a
page's time. Selects are written here instead, to the same HTML.
"""

from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"


def select_html(widget: dict) -> str:
    """Return a select (Select, SelectMultiple) from its widget context."""
    parts = [
        format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        parts.extend(
            format_html(
                '<option value="{}"{}>{}</option>',
                str(option["value"]),
                flatatt(option["attrs"]),
                option["label"],
            )
            for option in options
        )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    # Every part went through format_html, which escaped what it was given.
    return mark_safe("".join(parts))


class PortalFormRenderer(TemplatesSetting):
    """Render forms with the project's templates (templates/widgets/ is found)."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            return select_html(context["widget"])
        return super().render(template_name, context, request)
