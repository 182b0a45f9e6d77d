"""All queries live here, one module per aggregate; services call these, never ``select``."""
