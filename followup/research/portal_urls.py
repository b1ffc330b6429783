from django.urls import path

from . import portal_views

app_name = "portal_findings"

urlpatterns = [
    path("", portal_views.finding_list, name="list"),
    path("<uuid:public_id>/", portal_views.finding_detail, name="detail"),
]
