"""The rule registry: every rule module, in one explicit list.

Each module has a docstring (its user documentation), a ``SPEC`` and a ``check(request)``
generator. A test guards the list: every module in this folder is registered, names and codes are
unique, and every code has pass and fail fixtures.
"""

from __future__ import annotations

from types import ModuleType

from bicon_lint.model import Rule
from bicon_lint.rules import (
    dataset_column_duplicates,
    dataset_column_keys,
    dataset_column_values,
    dataset_deprecated,
    dataset_fields_empty,
    dataset_name_format,
    dataset_name_length,
    dataset_update_fields,
    field_immutable,
    field_read_only,
    field_required,
    field_type,
    fields_known,
    fields_provided,
    fields_update_items,
    id_format,
    id_required,
    list_filter,
    list_filter_orm_field,
    list_order,
    list_order_direction,
    list_select,
    save_length,
    save_required,
    settings_item_keys,
    settings_scalar_values,
    settings_text_length,
    settings_type_enum,
    source_save_length,
    source_settings_values,
    source_title,
)

MODULES: tuple[ModuleType, ...] = (
    id_required,
    id_format,
    fields_provided,
    fields_known,
    field_required,
    field_read_only,
    field_immutable,
    field_type,
    settings_item_keys,
    settings_text_length,
    settings_scalar_values,
    settings_type_enum,
    save_required,
    save_length,
    list_select,
    list_filter,
    list_order,
    list_order_direction,
    list_filter_orm_field,
    fields_update_items,
    dataset_name_format,
    dataset_column_duplicates,
    dataset_fields_empty,
    dataset_column_keys,
    dataset_column_values,
    dataset_name_length,
    dataset_update_fields,
    source_title,
    source_save_length,
    source_settings_values,
    dataset_deprecated,
)

RULES: tuple[Rule, ...] = tuple(
    Rule(spec=module.SPEC, check=module.check, doc=module.__doc__ or "") for module in MODULES
)
