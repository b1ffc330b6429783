from django.urls import path

from . import portal_views

app_name = "portal_followup"

urlpatterns = [
    path("", portal_views.assessment_list, name="list"),
    path("<uuid:public_id>/", portal_views.assessment_detail, name="detail"),
    path("<uuid:public_id>/submit/", portal_views.assessment_submit, name="submit"),
]
