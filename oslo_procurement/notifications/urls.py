from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/run/", views.job_run, name="job_run"),
    path("failed/", views.failed, name="failed"),
    path("failed/<uuid:public_id>/send-again/", views.resend, name="resend"),
]
