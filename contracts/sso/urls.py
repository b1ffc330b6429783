from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("callback/", views.callback, name="callback"),
    path("find/", views.find, name="find"),
    path("<uuid:public_id>/login/", views.start, name="start"),
]
