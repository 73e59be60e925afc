"""Form pieces of the applicant's pages, to the GOV.UK pattern: a question, its
hint, its error message above the answer, and an error summary linking each."""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()

_CHOICES = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _ids(bound) -> dict:
    hint = f"{bound.auto_id}_hint" if bound.help_text else ""
    error = f"{bound.auto_id}_error" if bound.errors else ""
    return {
        "hint_id": hint,
        "error_id": error,
        "describedby": " ".join(part for part in (hint, error) if part),
    }


@register.filter
def is_optional(bound) -> bool:
    """Tell whether the question is shown with "(optional)".

    A form names its optional questions in `marked_optional`: a question
    needed only for one answer of another (the documents of a repair) is not
    optional, though the field itself may be empty.
    """
    return bound.name in getattr(bound.form, "marked_optional", ())


@register.filter
def question(bound) -> str:
    """Return the question's label, marked when it is optional."""
    if is_optional(bound):
        return _("%(label)s (optional)") % {"label": bound.label}
    return str(bound.label)


@register.filter
def error_target(bound) -> str:
    """Return the id an error summary links to: the first radio of a group."""
    if isinstance(bound.field.widget, _CHOICES):
        return f"{bound.auto_id}_0"
    return bound.auto_id


@register.simple_tag
def describedby(bound) -> str:
    return _ids(bound)["describedby"]


@register.inclusion_tag("appeals/form/message.html")
def error_message(bound):
    """Render the field's error messages, above its answer."""
    return {"field": bound, **_ids(bound)}


@register.inclusion_tag("appeals/form/field.html")
def text_field(bound, css_class=""):
    """Render a text, text area or file question with its hint and errors."""
    ids = _ids(bound)
    attrs = {"class": css_class} if css_class else {}
    if ids["describedby"]:
        attrs["aria-describedby"] = ids["describedby"]
    return {"field": bound, "widget": bound.as_widget(attrs=attrs), **ids}


@register.inclusion_tag("appeals/form/radios.html")
def radios(bound, small=False):
    """Render a group of radios as a fieldset with its legend, hint and errors."""
    return {"field": bound, "small": small, **_ids(bound)}


@register.inclusion_tag("appeals/form/checkbox.html")
def checkbox(bound):
    """Render one yes-or-no checkbox, its label the whole target."""
    return {"field": bound, **_ids(bound)}


@register.inclusion_tag("appeals/form/error_summary.html")
def error_summary(*forms_, problem=""):
    """Render "There is a problem" with a link to each field in error."""
    items = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        items += [(None, error) for error in form.non_field_errors()]
        for bound in form:
            target = "" if bound.is_hidden else error_target(bound)
            items += [(target, error) for error in bound.errors]
    return {"items": items, "problem": problem}


@register.simple_tag
def has_errors(*forms_, problem="") -> bool:
    return bool(problem) or any(form is not None and form.errors for form in forms_)
