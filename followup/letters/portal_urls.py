from django.urls import path

from . import views

app_name = "portal_letters"

urlpatterns = [
    path("", views.portal_letter_list, name="list"),
    path("<uuid:public_id>/download/", views.portal_letter_download, name="download"),
]
