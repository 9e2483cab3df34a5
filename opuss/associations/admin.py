from django.contrib import admin

from opuss.associations.models import SportsAssociation
from opuss.core.admin import AuditedAdmin


@admin.register(SportsAssociation)
class SportsAssociationAdmin(AuditedAdmin):
    list_display = ["code", "establishment", "department", "district"]
    list_filter = ["department__academy"]
    search_fields = ["code", "establishment__name", "establishment__uai"]
    raw_id_fields = ["establishment"]
