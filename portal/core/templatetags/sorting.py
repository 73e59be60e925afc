"""Column headers that sort a collection page, keeping its other parameters."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()

_ARROWS = {"ascending": "▲", "descending": "▼"}


@register.simple_tag(takes_context=True)
def sort_header(context, name, label, first="-", css_class=""):
    """Return a <th> whose link sorts by `name`; a second click reverses it.

    `first` is the direction of the first click: "-" (largest or newest
    first) suits dates and amounts. The page number is dropped, since the
    same page of a new order shows different rows.
    """
    request = context["request"]
    current = request.GET.get("sort", "")
    if current == name:
        state, target = "ascending", f"-{name}"
    elif current == f"-{name}":
        state, target = "descending", name
    else:
        state, target = None, f"{first}{name}" if first == "-" else name
    params = request.GET.copy()
    params.pop("page", None)
    params["sort"] = target
    hint = (
        gettext("sorted, newest or largest first")
        if state == "descending"
        else gettext("sorted, oldest or smallest first")
        if state == "ascending"
        else gettext("sort by this column")
    )
    return format_html(
        '<th scope="col"{}{}><a class="sort" href="?{}">{}'
        '<span class="visually-hidden"> ({})</span>'
        '<span class="sort-arrow" aria-hidden="true">{}</span></a></th>',
        format_html(' class="{}"', css_class) if css_class else "",
        format_html(' aria-sort="{}"', state) if state else "",
        params.urlencode(),
        label,
        hint,
        _ARROWS.get(state, "↕"),
    )
