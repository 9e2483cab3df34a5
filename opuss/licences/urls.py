from django.urls import path

from opuss.licences import pupil_views, views

app_name = "licences"

urlpatterns = [
    path("mon-espace/", pupil_views.pupil_home, name="pupil_home"),
    path("mon-espace/licences/", pupil_views.pupil_licences, name="pupil_licences"),
    path("mon-espace/renouvellement/", pupil_views.pupil_renewal, name="pupil_renewal"),
    path("mon-espace/ecrire/", pupil_views.pupil_contact, name="pupil_contact"),
    path("<int:pk>/", views.pupil_detail, name="pupil_detail"),
]
