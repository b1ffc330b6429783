from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<uuid:public_id>/", views.meeting_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.meeting_edit, name="edit"),
    path("<uuid:public_id>/agenda/", views.agenda_edit, name="agenda"),
    path("<uuid:public_id>/agenda/propose/", views.agenda_propose, name="agenda_propose"),
    path("<uuid:public_id>/agenda/share/", views.agenda_share, name="agenda_share"),
    path("<uuid:public_id>/minutes/", views.minutes_edit, name="minutes"),
    path("<uuid:public_id>/minutes/share/", views.minutes_share, name="minutes_share"),
    path("<uuid:public_id>/actions/new/", views.action_create, name="action_create"),
    path("<uuid:public_id>/cancel/", views.meeting_cancel, name="cancel"),
]
