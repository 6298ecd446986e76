"""The department news portal: content model, validation, listings, feeds and calendar.

Everything here is importable and testable without MkDocs; only its `adapter` sub-package imports it.
"""
