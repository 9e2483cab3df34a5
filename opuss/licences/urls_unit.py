from django.urls import path

from opuss.licences import unit_views

app_name = "unit_licences"

urlpatterns = [
    path("licences/unite/", unit_views.unit_licence, name="create"),
]
