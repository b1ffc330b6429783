"""The report models in the admin (followup/admin.py imports followup.reports.admin)."""

from django.contrib import admin
from django.urls import reverse

import followup.reports.admin  # noqa: F401  (registered here until followup/admin.py imports it)
from followup.models import ReportDelivery, ReportRecipient, ReportRun, ReportSubscription

from .worked import done_run


def test_report_models_are_in_the_admin_and_their_lists_open(client, administrator, buyer):
    registered = set(admin.site._registry)
    inlines = {i.model for a in admin.site._registry.values() for i in a.inlines}
    assert {ReportSubscription, ReportRun, ReportDelivery} <= registered and ReportRecipient in inlines
    done_run(buyer)
    ReportSubscription.objects.create(buyer=buyer, kind="buyer", schedule="monthly")
    client.force_login(administrator)
    for model in (ReportSubscription, ReportRun, ReportDelivery):
        url = reverse(f"admin:followup_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
