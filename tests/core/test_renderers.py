"""Selects written in Python are the HTML Django's own templates write."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.test.html import parse_html

from portal.core.renderers import PortalFormRenderer

CHOICES = [
    ("", "---------"),
    ("330100", "杭州市"),
    ("a&b", 'Quote " and <tag>'),
    ("Zhejiang", [("330200", "宁波市"), ("330300", "温州市")]),
]


def _both(widget: forms.Widget, name: str, value, attrs=None):
    ours = widget.render(name, value, attrs, renderer=PortalFormRenderer())
    django = widget.render(name, value, attrs, renderer=TemplatesSetting())
    return parse_html(ours), parse_html(django)


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=CHOICES), "330200"),
        (forms.Select(choices=CHOICES), None),
        (forms.Select(choices=CHOICES, attrs={"required": True, "data-x": "1"}), ""),
        (forms.SelectMultiple(choices=CHOICES), ["330100", "a&b"]),
        (forms.NullBooleanSelect(), True),
    ],
)
def test_a_select_is_written_as_django_writes_it(widget, value):
    ours, django = _both(widget, "region", value, attrs={"id": "id_region"})
    assert ours == django


def test_labels_and_values_are_escaped():
    html = forms.Select(choices=CHOICES).render(
        "region", "a&b", renderer=PortalFormRenderer()
    )
    assert (
        '<option value="a&amp;b" selected>Quote &quot; and &lt;tag&gt;</option>' in html
    )


def test_other_widgets_still_render_through_the_templates():
    html = forms.TextInput().render("q", "华信", renderer=PortalFormRenderer())
    assert parse_html(html) == parse_html('<input type="text" name="q" value="华信">')
