from django.urls import path

from . import views

app_name = "sharing"

urlpatterns = [
    path("<uuid:public_id>/", views.shared_assessment, name="assessment"),
    path("accept/<uuid:public_id>/", views.accept_shared, name="accept"),
]
