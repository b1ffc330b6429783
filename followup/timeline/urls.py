from django.urls import path

from . import views

app_name = "timeline"

urlpatterns = [
    path("supplier/<uuid:public_id>/", views.supplier_timeline, name="supplier"),
]
