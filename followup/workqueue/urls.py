from django.urls import path

from . import views

app_name = "workqueue"

urlpatterns = [
    path("<slug:line>/", views.line_list, name="line"),
]
