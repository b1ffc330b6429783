"""The fast form renderer writes exactly the HTML Django's widget templates write."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from followup.forms import NoteForm
from oslo_procurement.form_renderer import FastWidgetRenderer, radio_buttons


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control", "data-x": '"<&>"'}))
    flags = forms.CharField(widget=forms.TextInput(attrs={"required": True, "disabled": False, "title": None}))
    number = forms.DecimalField()
    email = forms.EmailField(help_text="Help <b>")
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    box = forms.BooleanField()
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    choice = forms.ChoiceField(choices=[("yes", gettext_lazy("Yes")), ("no", "No <no>"), ("", "—")])
    radio = forms.ChoiceField(widget=forms.RadioSelect, choices=[("a", "A & a"), ("b", mark_safe("<b>B</b>"))])
    many = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, choices=[(1, 1000), (2, "Two")])
    grouped = forms.ChoiceField(
        choices=[("Nordic", [("no", "Norway"), ("se", "Sweden")]), ("other", "Other"), ("Asia", [("cn", "China")])]
    )
    multi = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two"), (3, 3.5)])


DATA = [
    {},
    {
        "text": "Tom & <Jerry>",
        "flags": "",
        "number": "1234.5",
        "email": "a@b.invalid",
        "hidden": "7",
        "day": "2026-12-06",
        "password": "secret\"'",
        "box": "on",
        "note": "line one\n<script>",
        "choice": "no",
        "radio": "b",
        "many": ["1", "2"],
        "grouped": "se",
        "multi": ["2", "3"],
    },
]


def html_of(form):
    out = []
    for field in form:
        out.append(str(field))
        out.extend(widget.tag() for widget in getattr(field, "subwidgets", []))
        out.extend(widget.tag(wrap_label=True) for widget in field.subwidgets)
    return out


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_widget_is_written_as_the_templates_write_it(data, language):
    with translation.override(language):
        initial = {"number": Decimal("1234.50"), "day": datetime.date(2026, 1, 2), "hidden": 12345}
        slow = Everything(data or None, initial=initial, renderer=DjangoTemplates())
        fast = Everything(data or None, initial=initial, renderer=FastWidgetRenderer())
        assert html_of(fast) == html_of(slow)
        assert str(fast) == str(slow)


def test_the_fast_path_covers_the_widgets_pages_use():
    fast = FastWidgetRenderer()._fast
    for name in ("text", "hidden", "textarea", "select", "select_option", "radio_option", "checkbox_option", "date"):
        assert f"django/forms/widgets/{name}.html" in fast


class Radios(forms.Form):
    plain = forms.ChoiceField(widget=forms.RadioSelect, choices=[("a", "A & a"), ("b", mark_safe("<b>B</b>"))])
    numbers = forms.TypedChoiceField(
        widget=forms.RadioSelect(attrs={"class": "form-check-input", "data-x": '"<&>"'}),
        coerce=int,
        choices=[(1, gettext_lazy("Yes")), (2, 2.5), (None, "None"), (1, "Again 1")],
        help_text="Pick one",
    )
    optional = forms.ChoiceField(widget=forms.RadioSelect, required=False, choices=[("", "—"), ("x", "X")])
    own_id = forms.ChoiceField(widget=forms.RadioSelect(attrs={"id": "mine"}), choices=[("a", "A")])
    grouped = forms.ChoiceField(widget=forms.RadioSelect, choices=[("Group", [("g", "G")]), ("h", "H")])


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize(
    ("data", "options"),
    [
        (None, {}),
        ({"plain": "b", "numbers": "1", "optional": "", "own_id": "a", "grouped": "h"}, {}),
        ({"plain": "<nope>", "numbers": "2.5"}, {"prefix": "q-7"}),
        (None, {"auto_id": False, "initial": {"plain": "a", "numbers": 2.5}}),
        (None, {"use_required_attribute": False, "initial": {"optional": "x"}}),
    ],
)
def test_radio_buttons_are_the_bound_widgets_django_gives(language, data, options):
    """radio_buttons(field) gives, button by button, what ``for radio in field`` gives: the
    tag, its id and its label (the answer page writes the buttons from it)."""
    with translation.override(language):
        form = Radios(data, renderer=FastWidgetRenderer(), **options)
        for field in form:
            fast = radio_buttons(field)
            if field.name == "grouped":
                assert fast is None  # grouped choices: Django's path
                continue
            slow = [(radio.tag(), radio.id_for_label, radio.choice_label) for radio in field]
            assert fast == slow, field.name
        # Through another renderer, or for another widget, the caller takes Django's path.
        assert radio_buttons(Radios(data, renderer=DjangoTemplates(), **options)["plain"]) is None
        assert radio_buttons(Everything(renderer=FastWidgetRenderer())["choice"]) is None


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_number_is_written_as_the_template_writes_it(language, settings):
    from django.template import Context, Template

    from oslo_procurement.form_renderer import value_html

    for grouping in (False, True):
        settings.USE_THOUSAND_SEPARATOR = grouping
        with translation.override(language):
            for number in (0, 7, -7, 999, -999, 1000, -1000, 12345, 1234567, True, 2.5):
                assert value_html(number) == Template("{{ n }}").render(Context({"n": number})), number


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_public_id_is_written_as_the_template_writes_it(language):
    """A UUID (every link's public id) takes a shortcut: its text needs no localising or
    escaping."""
    import uuid

    from django.template import Context, Template

    from oslo_procurement.form_renderer import value_html

    with translation.override(language):
        for value in (uuid.uuid4(), uuid.UUID(int=0), uuid.UUID(int=2**128 - 1)):
            assert value_html(value) == Template("{{ v }}").render(Context({"v": value})) == str(value)


class _Two(NoteForm):
    other = forms.CharField(required=False)


class _NeedsUser(NoteForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_kept_one_textarea_form_is_what_crispy_writes(language):
    """The review page's internal note: its value is written into crispy's HTML kept per
    language, the same HTML as crispy for any value; a bound form, one with more fields or one
    that needs more to be made goes through crispy."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

    from oslo_procurement.form_renderer import _kept_crispy, crispy_kept

    _kept_crispy.clear()
    values = [None, "", "plain", "a <b> & 'c' \"d\"", "\nstarts with a newline\n\nand two lines", mark_safe("<i>x</i>")]
    with translation.override(language):
        for value in values:
            initial = {"internal_note": value}
            for form in (NoteForm(initial=initial), NoteForm(initial=initial, prefix="p", auto_id="f_%s")):
                assert str(crispy_kept(form)) == str(as_crispy_form(form)), repr(value)
        others = (
            NoteForm(data={"internal_note": "x" * 3}),
            _Two(initial={"internal_note": "a", "other": "b"}),
            _NeedsUser(user=None),
        )
        for form in others:
            assert str(crispy_kept(form)) == str(as_crispy_form(form))
    # The unbound forms took the kept path (once per prefix and language), not crispy's.
    assert {(key[0], key[4]) for key, parts in _kept_crispy.items() if parts} == {(language, None), (language, "p")}


@pytest.mark.parametrize(
    "value",
    [
        "",
        "One line",
        "Two\nlines",
        "Windows\r\nand old Mac\rline ends\n\n",
        "<b>Tags</b> & \"quotes\" 'too'\r\n<script>",
        mark_safe("<em>already safe</em>\nkept"),
        gettext_lazy("Yes"),
        1234,
        None,
    ],
)
def test_linebreaks_html_is_djangos_linebreaksbr(value):
    from django.template.defaultfilters import linebreaksbr

    from oslo_procurement.form_renderer import linebreaks_html

    with translation.override("nb"):
        ours, djangos = linebreaks_html(value), linebreaksbr(value)
    assert ours == djangos and type(ours) is type(djangos)
