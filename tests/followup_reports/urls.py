"""The project's URLs plus the reports, for these tests until the root urls.py mounts
them (then this adds nothing)."""

from django.urls import include, path

from oslo_procurement.urls import urlpatterns as project_urls

urlpatterns = list(project_urls)
if not any(getattr(entry, "namespace", None) == "reports" for entry in urlpatterns):
    urlpatterns.insert(-1, path("reports/", include("followup.reports.urls")))
