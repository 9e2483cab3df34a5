from django.contrib import admin

from opuss.core.admin import AuditedAdmin
from opuss.territories.models import Academy, Department, District, Establishment


@admin.register(Academy)
class AcademyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "email"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "academy"]
    list_filter = ["academy"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["label", "department"]
    list_filter = ["department__academy"]
    filter_horizontal = ["coordinators"]


@admin.register(Establishment)
class EstablishmentAdmin(AuditedAdmin):
    list_display = ["uai", "name", "type", "city", "department"]
    list_filter = ["type", "department__academy"]
    search_fields = ["uai", "name", "city"]
