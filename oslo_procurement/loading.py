"""Model instances read from the database, made without ``Model.__init__``.

``Model.from_db`` makes each row's instance through ``Model.__init__``: two signals sent
(``pre_init``, ``post_init``), then one ``setattr`` per column through the class's
descriptors, then the instance's state marked as loaded. For a row read from the database
nothing of that does anything that putting the values in the instance's ``__dict__`` does not
do, as long as

- nobody listens to ``pre_init`` or ``post_init`` (this project has no receiver, and neither
  has any installed app: an ``ImageField`` with dimension fields or a ``GenericForeignKey``
  would add one);
- the class does not override ``__init__``;
- every column's class attribute stores the value as it is (Django's ``DeferredAttribute``,
  the foreign keys' ``ForeignKeyDeferredAttribute``, whose ``__set__`` only forgets a cached
  related object that a new instance cannot have yet, and the file fields' ``FileDescriptor``,
  which wraps the stored name only when it is read).

``FastLoadModel.from_db`` checks those once per class (the signals on every call: a receiver
connected later switches the class back to Django's path at once) and otherwise builds the
instance as ``Model.__init__`` would have left it. The self-assessment review, which makes
about a hundred instances a request (questions with their criteria, answers, evidence, users),
runs 6.9 % fewer instructions, the supplier page 4.3 % fewer (bench/instructions.py;
bench/README.md). tests/test_loading.py compares both ways for every model that uses it."""

from inspect import getattr_static

from django.db import models
from django.db.models.base import ModelState
from django.db.models.fields.files import FileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

# Descriptors whose __set__ (if any) on a new instance only stores the value in __dict__.
PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute, FileDescriptor)

_eligible = {}


def fast_loading(cls):
    """Whether ``cls`` may be made from a row without ``__init__`` (see the module's docstring)."""
    eligible = _eligible.get(cls)
    if eligible is None:
        eligible = _eligible[cls] = (
            cls.__init__ is models.Model.__init__
            and not cls._meta.abstract
            # The class attribute itself (through the bases), not what its __get__ gives.
            and all(
                type(getattr_static(cls, field.attname, None)) in PLAIN_DESCRIPTORS
                for field in cls._meta.concrete_fields
            )
        )
    return eligible and not pre_init.receivers and not post_init.receivers


class FastLoadModel(models.Model):
    """A model whose rows are made into instances without ``Model.__init__`` when that gives
    the same instance (see the module's docstring)."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        if not fast_loading(cls):
            return super().from_db(db, field_names, values)
        new = cls.__new__(cls)
        state = new._state = ModelState()
        state.adding = False
        state.db = db
        # field_names are the columns' attribute names, in the order of values (ModelIterable,
        # the related populators, RawQuerySet): a deferred column is left out of both.
        new.__dict__.update(zip(field_names, values, strict=True))
        return new
