from django.contrib import admin

from opuss.core.audit import record, snapshot
from opuss.core.models import AuditEntry


class AuditedAdmin(admin.ModelAdmin):
    """Changes made through the admin leave an audit entry with before/after, like any staff
    change. Deleting evidence (licences, AS) is not offered."""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        record(
            actor=request.user,
            action="modification" if change else "création",
            obj=obj,
            before=before,
            after=snapshot(obj),
        )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
