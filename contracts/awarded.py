"""``Supplier.has_award``: whether any buyer has the supplier under an award in force (an
award not archived, in an agreement not archived). The registry shows a buyer's staff the
suppliers it awarded and those no buyer has awarded (selectors.followed_suppliers); the flag
makes the second half an index walk instead of a scan of every award in the installation.

Kept here, on every save and delete of an award and on archiving or restoring an agreement,
in the writer's transaction: a supplier's row is locked before its awards are counted, so two
buyers archiving the supplier's last two awards at the same time cannot both see the other's
award still in force. Writers that bypass ``save()`` write the flag themselves
(``seed_scale``'s COPY, the data migration contracts.0009); rows loaded as they were
(``loaddata``, ``manage.py restore``) carry it; after changes made outside the app,
``manage.py refresh_has_award``. Registered from ContractsConfig.ready()."""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from suppliers.models import Supplier

from .models import Award, FrameworkAgreement


def in_force():
    """Awards in force: not archived, in an agreement not archived."""
    return Award.objects.filter(archived_at__isnull=True, agreement__archived_at__isnull=True)


def refresh_has_award(supplier_ids=None):
    """Set ``has_award`` from the awards for these suppliers (every supplier when None); only
    the rows whose flag changes are written. Returns how many changed."""
    with transaction.atomic():
        suppliers = Supplier.objects.all()
        if supplier_ids is not None:
            supplier_ids = sorted(set(supplier_ids))
            if not supplier_ids:
                return 0
            suppliers = suppliers.filter(pk__in=supplier_ids)
            # Lock the rows (in id order: no deadlock between writers) before reading the
            # awards, so the statements below, new ones, see what a writer that held them committed.
            list(suppliers.select_for_update().order_by("pk").values_list("pk", flat=True))
        awarded = Exists(in_force().filter(supplier=OuterRef("pk")))
        return suppliers.filter(awarded, has_award=False).update(has_award=True) + suppliers.filter(
            ~awarded, has_award=True
        ).update(has_award=False)


@receiver(pre_save, sender=Award, dispatch_uid="contracts-has-award-before")
def _remember_supplier(sender, instance, raw=False, **kwargs):
    # An award moved to another supplier (the award form allows it) changes both suppliers.
    instance._has_award_previous = None
    if instance.pk and not raw:
        previous = Award.objects.filter(pk=instance.pk).order_by().values_list("supplier", flat=True)
        instance._has_award_previous = next(iter(previous), None)


@receiver(post_save, sender=Award, dispatch_uid="contracts-has-award-saved")
@receiver(post_delete, sender=Award, dispatch_uid="contracts-has-award-deleted")
def _award_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata, manage.py restore: the suppliers' rows carry their flag
        return
    refresh_has_award({instance.supplier_id, getattr(instance, "_has_award_previous", None)} - {None})


@receiver(pre_save, sender=FrameworkAgreement, dispatch_uid="contracts-has-award-agreement-before")
def _remember_archived(sender, instance, raw=False, **kwargs):
    # Only archiving or restoring an agreement changes its suppliers' flags: an edit of its
    # title leaves the rows of its (perhaps thousands of) suppliers alone.
    instance._has_award_archived_changed = bool(instance.pk) and not raw
    if instance._has_award_archived_changed:
        before = FrameworkAgreement.objects.filter(pk=instance.pk).order_by().values_list("archived_at", flat=True)
        before = next(iter(before), None)  # None: not archived (or gone: nothing to refresh either)
        instance._has_award_archived_changed = (before is None) != (instance.archived_at is None)


@receiver(post_save, sender=FrameworkAgreement, dispatch_uid="contracts-has-award-agreement")
def _agreement_changed(sender, instance, created=False, raw=False, **kwargs):
    if not raw and getattr(instance, "_has_award_archived_changed", False):
        refresh_has_award(Award.objects.filter(agreement=instance).values_list("supplier", flat=True))
