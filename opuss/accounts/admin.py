from django.contrib import admin

from opuss.accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["association"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "last_name", "first_name", "is_active"]
    search_fields = ["email", "last_name", "first_name"]
    exclude = ["password", "user_permissions", "groups", "is_superuser", "last_login"]
    inlines = [RoleAssignmentInline]
