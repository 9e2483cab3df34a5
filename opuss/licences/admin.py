from django.contrib import admin

from opuss.core.admin import AuditedAdmin
from opuss.licences.models import Licence, Pupil


@admin.register(Pupil)
class PupilAdmin(AuditedAdmin):
    list_display = ["last_name", "first_name", "birth_date", "sex"]
    search_fields = ["last_name", "first_name", "ine"]
    raw_id_fields = ["user"]


@admin.register(Licence)
class LicenceAdmin(AuditedAdmin):
    list_display = ["number", "pupil", "association", "season", "category", "state"]
    list_filter = ["season", "state"]
    search_fields = ["number", "pupil__last_name"]
    raw_id_fields = ["pupil", "association"]
