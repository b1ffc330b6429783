from django.urls import path

from . import portal_views

app_name = "portal_actions"

urlpatterns = [
    path("", portal_views.action_list, name="list"),
    path("<uuid:public_id>/", portal_views.action_detail, name="detail"),
    path("<uuid:public_id>/update/", portal_views.action_update, name="update"),
    path("<uuid:public_id>/evidence/", portal_views.action_evidence, name="evidence"),
    path("<uuid:public_id>/submit/", portal_views.action_submit, name="submit"),
]
