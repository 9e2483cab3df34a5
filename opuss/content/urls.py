from django.urls import path

from opuss.content import views

app_name = "content"

urlpatterns = [
    path("actualites/", views.pupil_news, name="pupil_news"),
    path("actualites/bloc/", views.articles_block, name="articles_block"),
    path("actualites/<int:pk>/", views.article, name="article"),
    path("actualites/fichiers/<int:pk>/", views.attachment, name="attachment"),
    path("actualites/gestion/", views.manage, name="manage"),
    path("actualites/gestion/nouveau/", views.create, name="create"),
    path("actualites/gestion/<int:pk>/", views.edit, name="edit"),
    path("partenaires/", views.pupil_partners, name="pupil_partners"),
    path("partenaires/<int:pk>/logo/", views.partner_logo, name="partner_logo"),
    path("partenaires/gestion/", views.partners_manage, name="partners_manage"),
    path("partenaires/gestion/nouveau/", views.partner_create, name="partner_create"),
    path("partenaires/gestion/<int:pk>/", views.partner_edit, name="partner_edit"),
]
