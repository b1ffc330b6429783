"""An uploaded spreadsheet waiting for the officer's decision: its rows as read from the file,
the preview's verdict on each, and what became of it. Nothing in the domain is changed until
the officer confirms; confirming twice imports once (the status guard in services.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from oslo_procurement.core import PublicIdModel, TimeStampedModel


class SpreadsheetImport(TimeStampedModel, PublicIdModel):
    class Kind(models.TextChoices):
        SUPPLIERS = "suppliers", _("Suppliers and contacts")
        ENTITIES = "entities", _("City entities")

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for confirmation")
        IMPORTED = "imported", _("Imported")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("what is imported"), max_length=20, choices=Kind.choices)
    # Whose records the rows go into: the buyer's public id for city entities; "" for the
    # supplier registry, which every buyer shares.
    scope = models.CharField(_("scope"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREVIEW)
    # [{"row": 2, "cells": {"org_number": "...", ...}}, ...]: the file as read, re-checked on confirm.
    rows = models.JSONField(_("rows"), default=list, editable=False)
    # [{"row": 2, "status": "new"|"update"|"unchanged"|"error", "label": "...", "notes": [...],
    #   "errors": [{"column": "...", "message": "..."}]}, ...]: the preview.
    preview = models.JSONField(_("preview"), default=list, editable=False)
    counts = models.JSONField(_("counts"), default=dict, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="spreadsheet_import_status_valid",
                condition=models.Q(status__in=["preview", "imported", "cancelled"]),
            ),
            models.CheckConstraint(
                name="spreadsheet_import_kind_valid", condition=models.Q(kind__in=["suppliers", "entities"])
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.file_name}"

    @property
    def error_count(self):
        return self.counts.get("error", 0)
