from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("", views.action_list, name="list"),
    path("new/", views.action_create, name="create"),
    path("new/from-answer/<uuid:public_id>/", views.action_create_from_answer, name="create_from_answer"),
    path("<uuid:public_id>/", views.action_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.action_edit, name="edit"),
    path("<uuid:public_id>/start/", views.action_start, name="start"),
    path("<uuid:public_id>/verify/", views.action_verify, name="verify"),
    path("<uuid:public_id>/return/", views.action_return, name="return"),
    path("<uuid:public_id>/escalate/", views.action_escalate, name="escalate"),
    path("escalations/", views.escalation_queue, name="escalation_queue"),
    path("escalations/<uuid:public_id>/", views.escalation_detail, name="escalation_detail"),
    path("escalations/<uuid:public_id>/decide/", views.escalation_decide, name="escalation_decide"),
    path("escalations/<uuid:public_id>/lift/", views.escalation_lift, name="escalation_lift"),
    path(
        "escalations/<uuid:public_id>/letter-preview/",
        views.escalation_letter_preview,
        name="escalation_letter_preview",
    ),
]
