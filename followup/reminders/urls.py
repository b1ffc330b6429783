from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("suppliers/<uuid:public_id>/", views.supplier_notifications, name="supplier"),
    path("transparency-act/", views.transparency_accounts, name="transparency"),
]
