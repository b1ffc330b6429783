from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("<uuid:public_id>/download/", views.letter_download, name="download"),
]
