"""greenmfg.platform: the Django project (one app per bounded context)."""
