"""Listing columns shared by the admin's viewsets: yes/no with translated tooltips, and amounts the way the rest of
the admin shows them (``catalog.admin_money``)."""

from wagtail.admin.ui.tables import BooleanColumn, Column

from catalog.admin_money import MoneyColumn
from catalog.money import format_percentage

__all__ = ["MoneyColumn", "PercentOrMoneyColumn", "YesNoColumn"]


class YesNoColumn(BooleanColumn):
    """Wagtail's ``BooleanColumn`` with a translated tooltip: Wagtail 8.0 titles its icons with Python's ``True`` and
    ``False``; editors read "Ya" and "Tidak"."""

    cell_template_name = "catalog/admin/yes_no_cell.html"


class PercentOrMoneyColumn(MoneyColumn):
    """A value that is a percentage on some rows and an amount on others (a voucher's ``value`` by its ``kind``):
    ``is_percent`` names the row's boolean attribute or method."""

    def __init__(self, name, *, is_percent: str, **kwargs):
        super().__init__(name, **kwargs)
        self.is_percent = is_percent

    def get_value(self, instance):
        flag = getattr(instance, self.is_percent)
        if flag() if callable(flag) else flag:
            return format_percentage(Column.get_value(self, instance))
        return super().get_value(instance)
