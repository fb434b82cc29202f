"""The PySide6 desktop app: a thin shell over the `Collection` facade. The only package that imports Qt."""
