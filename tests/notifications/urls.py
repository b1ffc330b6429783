"""The project's URLs plus the jobs page and the supplier notifications page, for these
tests until the root urls.py mounts them (then this adds nothing)."""

from django.urls import include, path

from oslo_procurement.urls import urlpatterns as project_urls

urlpatterns = list(project_urls)
for prefix, module, namespace in (
    ("notifications/", "oslo_procurement.notifications.urls", "notifications"),
    ("reminders/", "followup.reminders.urls", "reminders"),
):
    if not any(getattr(entry, "namespace", None) == namespace for entry in urlpatterns):
        urlpatterns.insert(-1, path(prefix, include(module)))
