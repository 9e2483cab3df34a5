from django.contrib import admin

from opuss.core.admin import AuditedAdmin
from opuss.territories.models import (
    Academy,
    Department,
    District,
    Establishment,
    EstablishmentImport,
)


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
    list_display = ["uai", "name", "type", "sector", "city", "department"]
    list_filter = ["type", "sector", "department__academy"]
    search_fields = ["uai", "name", "city"]


@admin.register(EstablishmentImport)
class EstablishmentImportAdmin(admin.ModelAdmin):
    """The runs of `opuss import-establishments`, read only (their audit entry says what each
    created and changed)."""

    list_display = ["started_at", "file_name", "counts"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
