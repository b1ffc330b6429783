"""Django's form renderer, with the plain widgets written in Python instead of one template
render per widget and per option.

Django renders every input, textarea, select option and radio button through its widget
templates (``input.html`` including ``attrs.html``, ``select_option.html`` per option, ...): a
template render with its context, include and variable lookups for each. On the portal
questionnaire (48 radio buttons, 24 textareas, 20 hidden inputs) that was 40 % of the page's
CPU, and a filter form's selects with a few hundred options cost as much as the rest of a list
page (bench/README.md). This renderer writes exactly the same HTML as those templates, escaped
and localised the same way, for the templates below; any other template (and any of these
that an installed app or the project overrides) still goes through the template engine.
tests/test_form_renderer.py compares both outputs widget by widget.

Settings: ``FORM_RENDERER = "oslo_procurement.form_renderer.FastWidgetRenderer"``.
"""

from html import escape
from pathlib import Path
from uuid import UUID

import django
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.defaultfilters import linebreaksbr
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

from oslo_procurement.translated import _generation

WIDGETS = "django/forms/widgets/"
DJANGO_FORM_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"
# Widget templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUT_ALIASES = [
    "input",
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "datetime",
    "time",
    "checkbox",
    "search",
    "tel",
    "color",
]


def _text(value):
    """``{{ value }}`` in a template: local time, localised numbers and dates, escaped."""
    if type(value) is str:  # django.utils.html.escape without its lazy-string wrapper
        return escape(value)
    if type(value) is int and -1000 < value < 1000:  # localize() groups from four digits on
        return str(value)
    if type(value) is UUID:  # hex digits and hyphens: nothing to localise or escape
        return str(value)
    value = localize(template_localtime(value), use_l10n=None)
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


value_html = _text  # for other Python-written HTML that must match a template's {{ value }}


def linebreaks_html(value):
    """``{{ value|linebreaksbr }}``: for a plain string, Django's filter without its three
    lazy-string wrappers (``normalize_newlines``, ``escape``, ``mark_safe``); the review page's
    answer blocks call it 135 times a request (3.1 % of the page's instructions, bench/README.md).
    Anything else (safe or lazy text, a number) goes through the filter itself.
    tests/test_form_renderer.py compares the two."""
    if type(value) is not str:
        return linebreaksbr(value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return mark_safe(escape(value).replace("\n", "<br>"))  # escaped just before  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal


def _formatted(value):
    """``{{ value|stringformat:'s' }}``: str(), escaped unless the value was already safe."""
    if isinstance(value, tuple):
        value = str(value)
    text = "%s" % (value,)  # noqa: UP031  (the filter's own formatting)
    return text if isinstance(value, SafeData) else escape(text)


def attrs_html(attrs):
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def input_html(widget):
    value = widget["value"]
    value_html = f' value="{_formatted(value)}"' if value is not None else ""
    attrs = attrs_html(widget["attrs"])
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value_html}{attrs}>'


def input_option_html(widget):
    tag = input_html(widget)
    if not widget.get("wrap_label"):
        return tag
    element_id = widget["attrs"].get("id")
    for_html = f' for="{_text(element_id)}"' if element_id else ""
    # input.html's own last newline stays inside the label (the include keeps it).
    return f"<label{for_html}>{tag}\n {_text(widget['label'])}</label>"


def textarea_html(widget):
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{attrs_html(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def select_option_html(widget):
    attrs = attrs_html(widget["attrs"])
    return f'<option value="{_formatted(widget["value"])}"{attrs}>{_text(widget["label"])}</option>'


def radio_buttons(bound_field):
    """``[(tag, id, label), …]`` of a RadioSelect field's buttons, as ``for radio in field``
    gives them (``radio.tag()``, ``radio.id_for_label``, ``radio.choice_label``), written here
    without the bound widgets Django builds for each option; None where this does not apply (a
    renderer or option template other than Django's own through FastWidgetRenderer, grouped
    choices, another widget), and the caller then takes Django's path. Django's own steps
    (BoundField.subwidgets, ChoiceWidget.optgroups and create_option, RadioSelect.id_for_label)
    are followed one by one; tests/test_form_renderer.py compares the two."""
    widget = bound_field.field.widget
    renderer = bound_field.form.renderer
    if (
        type(widget) is not forms.RadioSelect
        or not isinstance(renderer, FastWidgetRenderer)
        or widget.option_template_name not in renderer._fast
    ):
        return None
    id_ = widget.attrs.get("id") or bound_field.auto_id
    attrs = bound_field.build_widget_attrs({"id": id_} if id_ else {})
    base = widget.build_attrs(widget.attrs, attrs)
    chosen = widget.format_value(bound_field.value())
    return choice_inputs(widget, bound_field.html_name, widget.choices, chosen, base)


def choice_inputs(widget, name, choices, chosen, base):
    """``[(tag, id, label), …]`` of a RadioSelect's or CheckboxSelectMultiple's inputs for
    ``choices``, ``chosen`` as the widget's ``format_value`` gives it and ``base`` the attributes
    every input has (its id gets the option's index), as ChoiceWidget.optgroups and
    create_option make them; None for grouped choices."""
    buttons, has_selected = [], False
    multiple = widget.allow_multiple_selected
    for index, (value, label) in enumerate(choices):
        if isinstance(label, (list, tuple)):
            return None
        if value is None:
            value = ""
        selected = (multiple or not has_selected) and str(value) in chosen
        has_selected |= selected
        option_attrs = {**base, **widget.checked_attribute} if selected else dict(base)
        if "id" in option_attrs:
            option_attrs["id"] = widget.id_for_label(option_attrs["id"], str(index))
        tag = input_html({"type": widget.input_type, "name": name, "value": value, "attrs": option_attrs})
        buttons.append((mark_safe(tag), option_attrs.get("id"), label))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
    return buttons


def _source(template_name):
    path = DJANGO_FORM_TEMPLATES / template_name
    return path.read_text(encoding="utf-8") if path.exists() else None


class FastWidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        write = self._fast.get(template_name)
        if write is None:
            return super().render(template_name, context, request=request)
        # Every value is escaped by the writers above, as the widget templates escape it.
        return mark_safe(write(context["widget"]))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal

    def _select_html(self, widget):
        parts = [f'<select name="{_text(widget["name"])}"{attrs_html(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in group_choices:
                parts.append("\n  ")
                template = option["template_name"]
                if template == WIDGETS + "select_option.html" and template in self._fast:
                    parts.append(select_option_html(option))
                else:  # the include renders the option's own template, newline included
                    parts.append(self.get_template(template).render({"widget": option}))
                    continue
                parts.append("\n")
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)

    @cached_property
    def _fast(self):
        """The templates written in Python, each only while the engine still finds Django's
        own file for it and for everything it includes (an override keeps its template)."""
        alias = '{% include "django/forms/widgets/input.html" %}\n'
        writers = {
            f"{WIDGETS}{name}.html": input_html
            for name in INPUT_ALIASES
            if name == "input" or _source(f"{WIDGETS}{name}.html") == alias
        }
        writers.update(
            {
                f"{WIDGETS}radio_option.html": input_option_html,
                f"{WIDGETS}checkbox_option.html": input_option_html,
                f"{WIDGETS}input_option.html": input_option_html,
                f"{WIDGETS}textarea.html": textarea_html,
                f"{WIDGETS}select_option.html": select_option_html,
                f"{WIDGETS}select.html": self._select_html,
            }
        )
        includes = ["attrs", "input", "input_option", "select_option"]
        if not all(self._is_django_own(f"{WIDGETS}{name}.html") for name in includes):
            return {}
        return {name: write for name, write in writers.items() if self._is_django_own(name)}

    def _is_django_own(self, template_name):
        try:
            origin = Path(self.get_template(template_name).origin.name)
        except Exception:  # noqa: BLE001  (missing or broken: leave it to the template engine)
            return False
        return origin.is_relative_to(DJANGO_FORM_TEMPLATES)


# --- A one-textarea form through crispy, rendered once per language ---------------------------

STAND_IN = "\x00kept-form-value\x00"


def _crispy_parts(form_class, name, prefix, auto_id):
    """crispy's HTML of an unbound ``form_class`` with a stand-in for the textarea's value,
    split around it (kept per language: the label and help text are translated)."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

    try:
        stand_in_form = form_class(initial={name: STAND_IN}, prefix=prefix, auto_id=auto_id)
    except TypeError:  # a form that needs more to be made: crispy renders each instance
        return None
    html = str(as_crispy_form(stand_in_form))
    before, stand_in, after = html.partition(STAND_IN)
    return (before, after) if stand_in and STAND_IN not in after else None


_kept_crispy = {}


def crispy_kept(form):
    """``{{ form|crispy }}`` for an unbound form whose only field is a textarea (an internal
    note): crispy's field templates are rendered once per language with a stand-in value, and
    each page writes its value in, escaped as the textarea template escapes it. The form's
    fields and texts must be its class's (the kept HTML is keyed by class, not by instance: a
    view that changes a field's label or widget on an instance must not use this); any other
    form, or one that does not fit, goes through crispy as usual. ``tests/test_form_renderer.py``
    compares both."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

    fields = form.fields
    if form.is_bound or len(fields) != 1 or type(next(iter(fields.values())).widget) is not forms.Textarea:
        return as_crispy_form(form)
    name = next(iter(fields))
    key = (get_language(), _generation[0], type(form), name, form.prefix, form.auto_id)
    parts = _kept_crispy.get(key)
    if parts is None:
        if len(_kept_crispy) >= 64:
            _kept_crispy.clear()
        parts = _kept_crispy[key] = _crispy_parts(type(form), name, form.prefix, form.auto_id) or False
    if parts is False:
        return as_crispy_form(form)
    value = form[name].field.widget.format_value(form[name].value())
    # The textarea template writes {% if widget.value %}{{ widget.value }}{% endif %}.
    return mark_safe(parts[0] + (conditional_escape(value) if value else "") + parts[1])  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
