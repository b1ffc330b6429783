from django.urls import path

from . import views

app_name = "lessons"

urlpatterns = [
    path("", views.lesson_list, name="list"),
    path("new/", views.lesson_create, name="create"),
    path("suggestions/adopt/", views.suggestion_adopt, name="suggestion_adopt"),
    path("suggestions/dismiss/", views.suggestion_dismiss, name="suggestion_dismiss"),
    path("suggestions/restore/", views.suggestion_restore, name="suggestion_restore"),
    path("<uuid:public_id>/", views.lesson_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.lesson_edit, name="edit"),
    path("<uuid:public_id>/agree/", views.lesson_agree, name="agree"),
    path("<uuid:public_id>/reopen/", views.lesson_reopen, name="reopen"),
    path("<uuid:public_id>/archive/", views.lesson_archive, name="archive"),
    path("<uuid:public_id>/restore/", views.lesson_restore, name="restore"),
]
