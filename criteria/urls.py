from django.urls import path

from . import views

app_name = "criteria"

urlpatterns = [
    path("", views.criterion_list, name="list"),
    path("new/", views.criterion_create, name="create"),
    path("<uuid:public_id>/", views.criterion_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.criterion_edit, name="edit"),
    path("<uuid:public_id>/archive/", views.criterion_archive, name="archive"),
    path("<uuid:public_id>/restore/", views.criterion_restore, name="restore"),
    path("<uuid:public_id>/versions/new/", views.version_create, name="version_create"),
    path("versions/<uuid:public_id>/", views.version_detail, name="version_detail"),
    path("versions/<uuid:public_id>/edit/", views.version_edit, name="version_edit"),
    path("versions/<uuid:public_id>/activate/", views.version_activate, name="version_activate"),
    path("versions/<uuid:public_id>/retire/", views.version_retire, name="version_retire"),
    path("versions/<uuid:public_id>/adopt/", views.version_adopt, name="version_adopt"),
]
