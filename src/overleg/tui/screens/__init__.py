"""The screens of the overleg app, one module each."""
