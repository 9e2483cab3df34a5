from django.urls import path

from opuss.licences import correction_views

app_name = "corrections"

urlpatterns = [
    path("licences/<int:pk>/gestion/", correction_views.manage, name="manage"),
    path("licences/<int:pk>/gestion/identite/", correction_views.correct_identity,
         name="identity"),
    path("licences/<int:pk>/gestion/remplacement/", correction_views.replace, name="replace"),
    path("licences/<int:pk>/gestion/transfert/", correction_views.transfer, name="transfer"),
]
