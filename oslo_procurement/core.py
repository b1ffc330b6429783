"""Small pieces every domain app builds on: base models, the save/archive services,
and the generic edit view. Imports no domain app."""

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, models, transaction
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from oslo_procurement.loading import FastLoadModel


class TimeStampedModel(FastLoadModel):
    created_at = models.DateTimeField(_l("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_l("updated"), auto_now=True)

    class Meta:
        abstract = True


class PublicIdModel(models.Model):
    """Public ids (UUID) go in URLs, emails and PDFs; integer keys stay internal."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class ArchivableModel(models.Model):
    """Compliance records are archived, never deleted."""

    archived_at = models.DateTimeField(_l("archived"), null=True, blank=True, editable=False)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self):
        return self.archived_at is not None


def save_record(instance, *, actor, m2m=None):
    """Validate and save one record (and its many-to-many sets) in one transaction,
    with the actor written into the record's history."""
    with transaction.atomic():
        instance.full_clean()
        instance._history_user = actor
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    return instance


def set_archived(instance, *, actor, archived):
    """Archive or restore a record; a no-op when it already is in that state."""
    if instance.is_archived == archived:
        return instance
    with transaction.atomic():
        instance.archived_at = timezone.now() if archived else None
        instance._history_user = actor
        instance.save(update_fields=["archived_at", "updated_at"])
    return instance


VERSION_FIELD = "_version"


def version_token(instance) -> str:
    """The version of a record a form was loaded from: its ``updated_at`` to the
    microsecond (every save through a service changes it)."""
    updated_at = getattr(instance, "updated_at", None)
    return updated_at.isoformat() if updated_at else ""


def _guarded_instance(form):
    """The saved record a ModelForm edits, if it has an ``updated_at`` to compare."""
    instance = getattr(form, "instance", None)
    if instance is None or instance.pk is None or not hasattr(instance, "updated_at"):
        return None
    return instance


class StaleEdit(Exception):
    """The record was saved by someone else after this form was loaded."""

    def __init__(self, current):
        super().__init__("stale edit")
        self.current = current


def _check_version(instance, posted):
    """Lock the record's row until the end of the transaction and compare its version
    with the one the form was loaded from (optimistic lock: the second of two tabs, or of
    two people, is told instead of silently overwriting the first)."""
    model = type(instance)
    current = model._base_manager.select_for_update().filter(pk=instance.pk).first()
    if current is None or version_token(current) != posted:
        raise StaleEdit(current)


def edit_view(request, *, form, template, context, save, success_url):
    """GET shows the form; a valid POST calls ``save(form)`` and redirects.

    ``save`` runs the domain service. A ValidationError it raises is shown on the form
    (at the field where it has one), and a database rule that rejects the write (for
    example a concurrent duplicate) becomes a form error; nothing is saved half-way.

    A form that edits an existing record carries the record's version in a hidden field.
    If someone else saved the record since the form was loaded, nothing is saved: the form
    comes back (HTTP 409) with everything the user typed, a message saying who changed it
    and when, and under each field that differs what is saved now; saving again then
    replaces it knowingly.
    """
    guarded = _guarded_instance(form)
    if guarded is not None:
        form.fields[VERSION_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=version_token(guarded)
        )
    status = 200
    if request.method == "POST" and form.is_valid():
        # Taken out of cleaned_data: views pass it on to services as keyword arguments.
        posted_version = form.cleaned_data.pop(VERSION_FIELD, None)
        try:
            with transaction.atomic():
                if posted_version:  # a client that sends no version (an old page) is not checked
                    _check_version(guarded, posted_version)
                obj = save(form)
        except StaleEdit as exc:
            _explain_stale(form, exc.current)
            status = 409
        except ValidationError as exc:
            _add_errors(form, exc)
        except IntegrityError:
            form.add_error(None, _("This conflicts with a record that already exists. Nothing was saved."))
        else:
            messages.success(request, _("Saved."))
            return redirect(success_url(obj) if callable(success_url) else success_url)
    if form.errors and status == 200:
        status = 400
    return render(request, template, {**context, "form": form}, status=status)


def _explain_stale(form, current):
    """Keep what the user typed; say who saved what meanwhile; let a second Save win."""
    if current is None:
        form.add_error(None, _("This record was removed while you were editing it. Nothing was saved."))
        return
    last = current.history.first() if hasattr(current, "history") else None
    who = getattr(getattr(last, "history_user", None), "full_name", "") or _("someone else")
    when = formats.date_format(timezone.localtime(current.updated_at), "SHORT_DATETIME_FORMAT")
    form.add_error(
        None,
        _(
            "%(who)s saved this record at %(when)s, after you opened this page. Nothing of yours was saved yet: "
            "what you typed is kept below, and each field marked shows what is saved now. Save again to "
            "replace it with what you typed, or cancel to keep it."
        )
        % {"who": who, "when": when},
    )
    saved = model_to_dict(current)
    for name, field in form.fields.items():
        if name == VERSION_FIELD or name not in saved or name in form.errors:
            continue
        if field.has_changed(saved[name], form[name].data):
            form.add_error(name, _("Saved meanwhile: %(value)s") % {"value": _display(field, saved[name])})
    # The next Save is made knowing about the other change.
    form.data = form.data.copy()
    form.data[form.add_prefix(VERSION_FIELD)] = version_token(current)


def _display(field, value):
    """A saved value as the user would recognise it in the form."""
    if value in (None, "", [], ()):
        return _("(empty)")
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(str(item) for item in value) or _("(empty)")
    if isinstance(field, forms.ModelChoiceField):
        item = field.queryset.filter(pk=getattr(value, "pk", value)).first()
        return str(item) if item is not None else str(value)
    if isinstance(field, forms.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        if isinstance(value, list | tuple):
            return ", ".join(str(labels.get(str(v), v)) for v in value)
        return str(labels.get(str(value), value))
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    text = str(formats.localize(value))
    return text if len(text) <= 300 else text[:299] + "…"


def _add_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def paginate(request, queryset, *, per_page=None, count_cap=None):
    """One page of a list; an out-of-range or malformed page number gives the last or first page.

    With ``count_cap`` (for registries shared by every buyer, which grow with the country
    rather than with one buyer) the list counts at most that many rows, so a page costs the
    same at 10,000 or 1,000,000 suppliers; past the cap the page says "more than N" and asks
    for a narrower search (``page.paginator.capped``)."""
    from django.conf import settings

    per_page = per_page or settings.PAGE_SIZE
    paginator = Paginator(queryset, per_page) if count_cap is None else CappedPaginator(queryset, per_page, count_cap)
    return paginator.get_page(request.GET.get("page"))


class CappedPaginator(Paginator):
    """A Paginator whose count stops at ``cap``: one COUNT over a LIMIT cap+1 subquery."""

    def __init__(self, object_list, per_page, cap):
        super().__init__(object_list, per_page)
        self.count_cap = cap
        self.capped = False

    @cached_property
    def count(self):
        at_most = getattr(self.object_list, "count_at_most", None)  # a CompiledList
        if at_most is not None:
            counted = at_most(self.count_cap + 1)
        else:
            counted = self.object_list.order_by()[: self.count_cap + 1].count()
        self.capped = counted > self.count_cap
        return min(counted, self.count_cap)


def archive_views(*, get, apply, success_url):
    """The POST-only archive and restore views of one kind of record.

    ``get(request, public_id, write=True)`` is the record's access helper;
    ``apply(obj, actor, archived)`` its archive service."""
    from django.http import HttpResponseNotAllowed

    from oslo_procurement.accounts.access import staff_write_required

    def make(archived):
        @staff_write_required
        def view(request, public_id):
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            obj = get(request, public_id, write=True)
            apply(obj, request.user, archived)
            message = _("Archived: %(name)s") if archived else _("Restored: %(name)s")
            messages.success(request, message % {"name": obj})
            return redirect(success_url(obj))

        return view

    return make(True), make(False)


def upsert(model, *, lookup, values, actor, m2m=None):
    """Create or update one record by its natural key, writing (and adding a history row)
    only when something differs; so a seed run twice leaves every table as it was."""
    obj = model._base_manager.filter(**lookup).first()
    changed = obj is None
    if obj is None:
        obj = model(**lookup, **values)
    else:
        for field, value in values.items():
            if getattr(obj, field) != value:
                setattr(obj, field, value)
                changed = True
    if changed:
        save_record(obj, actor=actor)
    for name, targets in (m2m or {}).items():
        manager = getattr(obj, name)
        if set(manager.values_list("pk", flat=True)) != {t.pk for t in targets}:
            manager.set(targets)
    return obj
