from django.urls import path

from opuss.associations import views
from opuss.licences import views as licence_views

app_name = "associations"

urlpatterns = [
    path("", views.association_list, name="list"),
    path("<str:code>/", views.association_detail, name="detail"),
    path("<str:code>/licencies/", licence_views.association_licences, name="licences"),
]
