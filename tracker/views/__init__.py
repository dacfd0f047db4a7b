"""The desktop window (PySide6). Widgets call the services only: no SQL, no file parsing."""
