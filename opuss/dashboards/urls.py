from django.urls import path

from opuss.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
]
