from django.urls import path

from . import views

app_name = "findings"

urlpatterns = [
    path("", views.finding_list, name="list"),
    path("new/", views.finding_create, name="create"),
    path("<uuid:public_id>/", views.finding_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.finding_edit, name="edit"),
    path("<uuid:public_id>/status/", views.finding_transition, name="transition"),
    path("<uuid:public_id>/raise/", views.finding_raise, name="raise"),
    path("<uuid:public_id>/archive/", views.finding_archive, name="archive"),
    path("<uuid:public_id>/restore/", views.finding_restore, name="restore"),
]
