from django.urls import path

from opuss.licences import card_views

app_name = "cards"

urlpatterns = [
    path("licences/<int:pk>/carte.pdf", card_views.card, name="card"),
    path("verifier/<str:token>/", card_views.verify, name="verify"),
    path("as/<str:code>/licencies/liste.pdf", card_views.certified_list, name="certified_list"),
    path("licences/", card_views.region_licences, name="region_licences"),
    path("as/<str:code>/adultes/", card_views.adults, name="adults"),
    path("as/<str:code>/adultes/liste.pdf", card_views.adults_pdf, name="adults_pdf"),
    path("as/<str:code>/adultes/commander/", card_views.adult_order, name="adult_order"),
    path("as/<str:code>/adultes/animateurs/", card_views.adult_animateurs, name="adult_animateurs"),
]
