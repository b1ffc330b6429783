from django.urls import path

from . import views

app_name = "market"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("readiness/", views.readiness_overview, name="readiness"),
    path("readiness/<uuid:public_id>/", views.criterion_readiness, name="criterion_readiness"),
    path("<uuid:public_id>/", views.event_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.event_edit, name="edit"),
    path("<uuid:public_id>/cancel/", views.event_cancel, name="cancel"),
    path("<uuid:public_id>/archive/", views.event_archive, name="archive"),
    path("<uuid:public_id>/restore/", views.event_restore, name="restore"),
    path("<uuid:public_id>/criteria/new/", views.proposal_add, name="proposal_add"),
    path("<uuid:public_id>/invite/", views.invite, name="invite"),
    path("<uuid:public_id>/attendance/", views.attendance, name="attendance"),
    path("<uuid:public_id>/invite/resend/", views.invitations_resend, name="resend"),
    path("criteria/<uuid:public_id>/wording/", views.proposal_edit, name="proposal_edit"),
    path("criteria/<uuid:public_id>/remove/", views.proposal_remove, name="proposal_remove"),
    path("invitations/<uuid:public_id>/feedback/", views.feedback, name="feedback"),
]
