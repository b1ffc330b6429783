from django.urls import path

from . import views

app_name = "procurement"

urlpatterns = [
    path("", views.draft_list, name="list"),
    path("start/<uuid:public_id>/", views.draft_start, name="start"),
    path("<uuid:public_id>/", views.draft_detail, name="detail"),
    path("<uuid:public_id>/sync/", views.draft_sync, name="sync"),
    path("<uuid:public_id>/archive/", views.draft_archive, name="archive"),
    path("<uuid:public_id>/restore/", views.draft_restore, name="restore"),
    path("criteria/<uuid:public_id>/", views.line_detail, name="line"),
    path("decisions/<uuid:public_id>/new-version/", views.decision_new_version, name="decision_version"),
]
