"""Instances read from the database without Model.__init__ (oslo_procurement.loading): the
same instance as Django's own from_db makes, for every model that uses it, whole or with
columns deferred; Django's path again as soon as anybody listens to the init signals."""

import pytest
from django.apps import apps
from django.db import models
from django.db.models.signals import post_init
from django_countries.fields import Country

from contracts.models import BuyerMembership
from oslo_procurement import loading
from oslo_procurement.loading import FastLoadModel, fast_loading
from suppliers.models import Evidence, Supplier
from tests import factories as f

FAST_MODELS = [model for model in apps.get_models() if issubclass(model, FastLoadModel)]


def djangos_from_db(model, field_names, values):
    return models.Model.from_db.__func__(model, "default", field_names, values)


def same_instance(made, expected):
    assert type(made) is type(expected)
    assert made.__dict__.keys() - {"_state"} == expected.__dict__.keys() - {"_state"}
    for name, value in expected.__dict__.items():
        if name != "_state":
            assert made.__dict__[name] == value, name
    assert (made._state.adding, made._state.db) == (False, "default")
    assert (expected._state.adding, expected._state.db) == (False, "default")


def test_most_of_the_projects_models_load_without_init():
    # Every model on TimeStampedModel; the ones with a country field keep Django's path
    # (django_countries' descriptor turns what it is given into a Country on assignment).
    assert len(FAST_MODELS) > 50
    slow = {model.__name__ for model in FAST_MODELS if not fast_loading(model)}
    assert slow == {"Supplier", "Site", "Buyer", "Finding", "CountryRisk"}


@pytest.mark.parametrize("model", FAST_MODELS, ids=lambda model: model._meta.label)
def test_a_row_gives_the_instance_djangos_from_db_gives(model):
    fields = model._meta.concrete_fields
    names = [field.attname for field in fields]
    values = [object() for _ in fields]  # whatever the row holds is stored as it is
    same_instance(model.from_db("default", names, values), djangos_from_db(model, names, values))
    # Deferred columns (only()/defer()): left out of the row and of the instance.
    kept = [i for i, field in enumerate(fields) if field.primary_key or i % 2]
    names, values = [names[i] for i in kept], [values[i] for i in kept]
    made = model.from_db("default", names, values)
    same_instance(made, djangos_from_db(model, names, values))
    assert made.get_deferred_fields() == {field.attname for i, field in enumerate(fields) if i not in kept}


@pytest.mark.django_db
def test_instances_read_through_the_orm_behave_as_djangos(buyer, officer):
    supplier = f.SupplierFactory(country="SE")
    evidence = f.EvidenceFactory(supplier=supplier, title="ISO 14001")
    assert fast_loading(Evidence) and not fast_loading(Supplier)
    loaded = Evidence.objects.select_related("supplier").get(pk=evidence.pk)
    assert not loaded._state.adding and loaded._state.db == "default"
    assert loaded.title == "ISO 14001" and loaded.supplier == supplier
    assert loaded.supplier.country == Country("SE")  # the related one through Django's path
    # A deferred column is read when asked for; a change is saved as an update, not an insert.
    partial = Evidence.objects.only("pk", "supplier").get(pk=evidence.pk)
    assert partial.get_deferred_fields() >= {"title"}
    assert partial.title == "ISO 14001"
    partial.title = "ISO 45001"
    partial.save(update_fields=["title"])
    assert Evidence.objects.count() == 1 and Evidence.objects.get().title == "ISO 45001"
    membership = BuyerMembership.objects.get(user=officer)
    assert membership.buyer == buyer and membership.user_id == officer.pk


@pytest.mark.django_db
def test_a_listener_to_the_init_signals_switches_back_to_djangos_path(buyer):
    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(listener, sender=BuyerMembership)
    try:
        assert not fast_loading(BuyerMembership)
        f.BuyerMembershipFactory(buyer=buyer)
        seen.clear()
        loaded = BuyerMembership.objects.get()
        assert seen == [loaded]
    finally:
        post_init.disconnect(listener, sender=BuyerMembership)
    assert fast_loading(BuyerMembership)


def test_a_class_with_its_own_init_keeps_djangos_path(monkeypatch):
    original = Evidence.__init__

    def own_init(self, *args, **kwargs):
        original(self, *args, **kwargs)

    monkeypatch.setattr(loading, "_eligible", {})
    monkeypatch.setattr(Evidence, "__init__", own_init)
    assert not fast_loading(Evidence)
    monkeypatch.undo()
    assert fast_loading(Evidence)
