from django.contrib import admin

from opuss.finance.models import BankAccount


@admin.register(BankAccount)
class BankAccountAdmin(admin.ModelAdmin):
    list_display = ["association", "holder", "rum", "created_at"]
    search_fields = ["association__code", "rum"]
    readonly_fields = [f.name for f in BankAccount._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
