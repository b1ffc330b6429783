"""A filter's country select is written once per language, name, attributes and chosen value
(oslo_procurement.forms.StaticSelect) and gives exactly the HTML Django's own select gives."""

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from oslo_procurement.forms import StaticSelect, country_choices
from suppliers.forms import SiteFilterForm, SupplierFilterForm


class Plain(forms.Form):
    country = forms.ChoiceField(label="Country", required=False, choices=country_choices(_("All countries")))


@pytest.fixture(autouse=True)
def _empty_store():
    StaticSelect._kept.clear()
    yield
    StaticSelect._kept.clear()


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("query", [{}, {"country": "NO"}, {"country": "CN"}, {"country": "XX"}])
def test_the_same_html_as_django_select_in_each_language(language, query):
    with translation.override(language):
        for form_class in (SupplierFilterForm, SiteFilterForm):
            ours = str(form_class(query or None)["country"])
            theirs = str(Plain(query or None)["country"]).replace(
                'name="country"', 'name="country" class="form-select"', 1
            )
            assert ours == theirs
            assert "<option" in ours and ours.count("<option") > 240
    chosen = query.get("country")
    if chosen and chosen != "XX":
        assert f'<option value="{chosen}" selected>' in ours


def test_norwegian_and_english_names_are_kept_apart():
    with translation.override("nb"):
        norwegian = str(SupplierFilterForm()["country"])
    with translation.override("en"):
        english = str(SupplierFilterForm()["country"])
    assert ">Norge</option>" in norwegian and ">Alle land</option>" in norwegian
    assert ">Norway</option>" in english and ">All countries</option>" in english


def test_a_second_rendering_comes_from_the_store(monkeypatch):
    calls = []
    real = forms.Select.render

    def counted(self, *args, **kwargs):
        calls.append(args[0])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(forms.Select, "render", counted)
    with translation.override("en"):
        first = str(SupplierFilterForm({"country": "SE"})["country"])
        again = str(SupplierFilterForm({"country": "SE"})["country"])
        other = str(SupplierFilterForm({"country": "DK"})["country"])
    assert first == again and first != other
    assert calls == ["country", "country"]  # SE once, DK once


def test_an_unknown_country_is_refused_in_the_filter():
    form = SupplierFilterForm({"country": "XX"})
    assert form.filters() == {}
    assert "country" in form.errors


@pytest.mark.parametrize("blank_first", [True, False])
def test_required_as_django_select_writes_it_and_the_list_is_not_made_again(blank_first):
    """Django's Select writes ``required`` only when the list starts with the blank line; it
    reads that first choice on every rendering (making the whole country list again): ours
    reads it once per list."""
    made = []

    def choices():
        made.append(1)
        countries = [("NO", "Norway"), ("SE", "Sweden")]
        return [("", "All countries"), *countries] if blank_first else countries

    key = f"test/required/{blank_first}"

    class Ours(forms.Form):
        country = forms.ChoiceField(choices=choices, widget=StaticSelect(choices_key=key))

    class Theirs(forms.Form):
        country = forms.ChoiceField(choices=choices)

    assert str(Ours()["country"]) == str(Theirs()["country"])
    assert (" required" in str(Theirs()["country"])) is blank_first
    made.clear()
    for _time in range(3):
        str(Ours()["country"])
    assert made == []
    StaticSelect._blank_first.pop(key)


def _project_forms():
    """Every form class of the project's apps (imported through their forms modules)."""
    import importlib

    for module in (
        "oslo_procurement.forms",
        "suppliers.forms",
        "followup.forms",
        "followup.research.forms",
        "followup.actions.forms",
        "contracts.forms",
        "criteria.forms",
    ):
        importlib.import_module(module)
    seen, stack = set(), [forms.Form]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    return [
        form
        for form in seen
        if form.__module__.split(".")[0] in {"oslo_procurement", "suppliers", "followup", "contracts", "criteria"}
    ]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_choices_key_always_means_the_same_choices(language):
    """The store is keyed by ``choices_key``: two fields that share a key must offer the same
    options, or one would show the other's. Every static select of the project's filters is
    checked, and the plain filter selects the lists use (records, responsible officer,
    statuses, roles) are among them."""
    by_key = {}
    with translation.override(language):
        for form_class in _project_forms():
            for name, field in form_class.base_fields.items():
                if isinstance(field.widget, StaticSelect):
                    choices = [(str(value), str(label)) for value, label in field.choices]
                    by_key.setdefault(field.widget.choices_key, {})[f"{form_class.__name__}.{name}"] = choices
    for key, fields in by_key.items():
        first = next(iter(fields.values()))
        assert all(choices == first for choices in fields.values()), (key, sorted(fields))
    assert {"filter/status", "filter/mine", "actions/status", "findings/status", "suppliers/role"} <= set(by_key)
    assert len(by_key["filter/mine"]) >= 2


def _project_forms():
    import importlib
    import inspect
    import pkgutil

    from django.apps import apps
    from django.conf import settings

    found = set()
    for config in apps.get_app_configs():
        if not str(config.path).startswith(str(settings.BASE_DIR)):
            continue
        for info in pkgutil.walk_packages([str(config.path)], prefix=f"{config.name}."):
            if ".migrations" in info.name or ".management" in info.name or not info.name.endswith("forms"):
                continue
            module = importlib.import_module(info.name)
            found.update(
                value
                for value in vars(module).values()
                if inspect.isclass(value) and issubclass(value, forms.BaseForm) and value.__module__ == module.__name__
            )
    return found


def test_every_static_select_is_on_a_field_that_shares_its_choices():
    """A StaticSelect's choices are the same for every form: its field shares them between forms
    (oslo_procurement.forms.StaticChoicesMixin) rather than copying them for each form."""
    from oslo_procurement.forms import StaticChoicesMixin

    checked = 0
    for form_class in _project_forms():
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field.widget, StaticSelect):
                assert isinstance(field, StaticChoicesMixin), (form_class, name)
                checked += 1
    assert checked >= 12


def test_a_form_that_gives_a_field_other_choices_changes_only_its_own():
    first, second = SupplierFilterForm(), SupplierFilterForm()
    assert first.fields["role"].choices == SupplierFilterForm.base_fields["role"].choices
    first.fields["role"].choices = [("", "Only this form")]
    assert [label for _value, label in second.fields["role"].choices][0] == _("All roles")
    assert [label for _value, label in SupplierFilterForm().fields["role"].choices][0] == _("All roles")
    assert SupplierFilterForm.base_fields["role"].choices[0][1] == _("All roles")
