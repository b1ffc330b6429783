from django.urls import path

from . import views

app_name = "calendar"

urlpatterns = [
    path("", views.feed_settings, name="settings"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
